"""Published reports -> projects: sniff the format, lay the file out as lines, extract the facts.

``read_document`` / ``read_bytes`` never raise for bad input: what cannot be read becomes a
located finding (JX002 input-unreadable when nothing could be read, JX005 read-partial for gaps)
and whatever was read is returned with ``record=published`` and a source for every value.
"""

from __future__ import annotations

from pathlib import Path

from ..core.findings import Finding, Severity, Source
from ..core.registry import issue
from ..io.loading import LoadResult
from .aligned import align_columns
from .assemble import assemble, note, split_projects
from .fragments import join_fragments
from .grid import join_wrapped_rows
from .layout import MAX_LINE, Document, text_lines
from .normalise import normalise_document
from .runon_rows import split_runon
from .scans import read_converted, read_special
from .sniff import MAX_INPUT, Refused, check_zip, damaged, decode, inspect, kind_of

__all__ = ["read_bytes", "read_document", "read_layout"]


def _unreadable(file: str, zh: str, en: str) -> Finding:
    return issue("JX002", zh, en, source=Source(file, 1, 1))


def read_layout(data: bytes, filename: str) -> tuple[Document, list[Finding]]:
    """The file as located lines (format readers), or findings saying why not."""
    kind, members = inspect(data, filename)
    findings: list[Finding] = []
    special = read_special(data, filename, kind)      # PDF, images (OCR), legacy office files (LibreOffice)
    if special is not None:
        return special
    if kind in {"docx", "xlsx"}:
        check_zip(members)
    if kind == "docx":
        from .docx_grid import read_docx
        return read_docx(data, filename), findings
    if kind in {"xlsx", "xls"}:
        from .office import read_workbook
        try:
            return read_workbook(data, filename), findings
        except Exception:
            if kind == "xlsx":
                raise
            return read_converted(data, filename, "xls")      # an old or odd .xls that calamine cannot read
    if kind == "html":
        from .web import read_html
        return read_html(data, filename), findings
    if kind == "zip":
        raise Refused(f"不支持的文件格式（{kind}）：请另存为 DOCX、PDF、XLSX 或文本",
                      f"unsupported format ({kind}): save as DOCX, PDF, XLSX or text")
    text, encoding = decode(data)
    if encoding not in {"utf-8", "ascii"}:
        findings.append(note(filename, f"文本编码按 {encoding} 读取", f"text decoded as {encoding}"))
    if "\ufffd" in text:
        findings.append(note(filename, "文本含无法解码的字节，已替换为�", "undecodable bytes were replaced",
                             severity=Severity.WARNING))
    doc, notes = split_runon(align_columns(join_fragments(join_wrapped_rows(
        normalise_document(text_lines(text, filename))))))
    return doc, [*findings, *notes]


def read_bytes(data: bytes, filename: str) -> LoadResult:
    """Read a published report from memory (web uploads); one project per table block."""
    if len(data) > MAX_INPUT:
        return LoadResult([], [_unreadable(filename, f"文件超过{MAX_INPUT // 1048576}MB，拒绝读取",
                                           f"file larger than {MAX_INPUT // 1048576} MB; refused")])
    if not data.strip():
        return LoadResult([], [_unreadable(filename, "文件为空", "the file is empty")])
    try:
        doc, findings = read_layout(data, filename)
        doc = normalise_document(doc)
    except Refused as exc:
        return LoadResult([], [_unreadable(filename, exc.zh, exc.en)])
    except Exception as exc:     # a parser choking on malformed content: say "damaged", not the traceback
        try:
            kind = kind_of(data, filename)
        except Exception:       # the sniff itself may trip on the same damage
            kind = ""
        return LoadResult([], [_unreadable(filename, *damaged(kind, exc))])
    if not any(line.text.strip() for line in doc.lines):
        return LoadResult([], [*findings, _unreadable(filename, "文件为空或没有可读的文字",
                                                             "the file is empty or has no readable text")])
    for no in doc.cuts[:20]:
        findings.append(note(filename, f"第{no}行过长，只读取前{MAX_LINE}个字符", f"line {no} is too long; "
                             f"only its first {MAX_LINE} characters were read", Source(filename, no, 1),
                             Severity.WARNING))
    result = LoadResult([], findings)
    for part in split_projects(doc):
        try:
            project, notes = assemble(part, Path(filename))
        except Exception as exc:
            result.findings.append(issue("JX005", f"此部分无法读取：{type(exc).__name__}: {exc}"[:300],
                f"this part could not be read: {type(exc).__name__}: {exc}"[:300],
                source=Source(filename, part.lines[0].no if part.lines else 1, 1), severity=Severity.WARNING))
            continue
        result.projects.append(project)
        result.findings.extend(notes)
    return result


def read_document(path: Path) -> LoadResult:
    """Read a published report from disk."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_INPUT:
            return LoadResult([], [_unreadable(name, f"文件超过{MAX_INPUT // 1048576}MB，拒绝读取",
                                               f"file larger than {MAX_INPUT // 1048576} MB; refused")])
        data = path.read_bytes()
    except OSError as exc:
        return LoadResult([], [_unreadable(name, f"无法读取文件：{exc.strerror or exc}", f"cannot read file: {exc}")])
    return read_bytes(data, name)

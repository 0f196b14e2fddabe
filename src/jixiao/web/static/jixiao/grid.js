/* The 自评表 grid: add, remove and reorder rows without saving; Tab/Enter/arrow keys move between
   cells as in a spreadsheet; a block copied from Excel or WPS (tab-separated lines) is pasted
   across cells, adding rows as needed. Every change asks the server to re-score (htmx). */
(function () {
  "use strict";
  var form = document.getElementById("edit-form");
  var sheet = form && form.querySelector(".sheet");
  if (!form || !sheet || !document.getElementById("grid")) { return; }
  var grid = sheet;                   /* the indicator grid and the targets-only table */

  /* the cells a user types in, left to right (hidden inputs and disabled selects excluded) */
  function cells(row, pasting) {
    return Array.prototype.filter.call(row.querySelectorAll("input, select, textarea"), function (el) {
      var tier = el.classList.contains("tier");
      return el.type !== "hidden" && !el.disabled && !(tier && (pasting || !row.classList.contains("q")));
    });
  }
  function rows() { return Array.prototype.slice.call(grid.querySelectorAll("tr.row")); }
  function templateFor(group) { return document.getElementById(group.dataset.template || "row-template"); }

  /* score cells are numbered in page order, the order the server answers in */
  function renumber() {
    rows().forEach(function (row, i) {
      var calc = row.querySelector("[data-calc]");
      if (calc) { calc.id = "calc-" + i; }
    });
  }
  function changed() {
    renumber();
    form.dispatchEvent(new Event("grid-changed", { bubbles: true }));
  }

  function addRow(group, after) {
    var row = templateFor(group).content.firstElementChild.cloneNode(true);
    row.querySelector("input[name=r-g]").value = group.dataset.group;
    row.id = "";
    if (after && after.parentNode === group) { group.insertBefore(row, after.nextSibling); }
    else { group.appendChild(row); }
    return row;
  }

  function qualitative(row) {
    var select = row.querySelector("select[name=r-c]");
    if (select) { row.classList.toggle("q", select.value === "定性"); }
  }

  grid.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var row = button.closest("tr.row");
    if (button.dataset.add !== undefined) {
      var group = grid.querySelector('tbody[data-group="' + button.dataset.add + '"]');
      var fresh = addRow(group, null);
      cells(fresh)[0].focus();
    } else if (row && button.classList.contains("del")) {
      var next = row.nextElementSibling || row.previousElementSibling;
      row.parentNode.removeChild(row);
      if (next && next.matches("tr.row")) { cells(next)[0].focus(); }
    } else if (row && button.classList.contains("up")) {
      var before = row.previousElementSibling;
      if (before && before.matches("tr.row")) { row.parentNode.insertBefore(row, before); }
      button.focus();
    } else if (row && button.classList.contains("down")) {
      var below = row.nextElementSibling;
      if (below) { row.parentNode.insertBefore(below, row); }
      button.focus();
    } else { return; }
    changed();
  });

  /* 「≥95」typed in 年度指标值: the comparator goes to its own cell, as the server reads it */
  var PREFIX = /^\s*(≥|>=|≤|<=|＝|=|不低于|不高于|不超过)\s*/;
  function comparatorFromValue(row) {
    var value = row.querySelector("input[name=r-v]");
    var select = row.querySelector("select[name=r-c]");
    var found = value && select && value.value.match(PREFIX);
    if (!found) { return; }
    choose(select, found[1]);
    value.value = value.value.slice(found[0].length);
    qualitative(row);
  }

  grid.addEventListener("change", function (event) {
    var row = event.target.closest("tr.row");
    if (row && event.target.name === "r-c") { qualitative(row); }
    if (row && event.target.name === "r-v") { comparatorFromValue(row); }
  });

  /* Enter: the same column one row down (a new row after the last row of a group one can add to) */
  function move(el, step) {
    var row = el.closest("tr.row");
    var column = cells(row).indexOf(el);
    var all = rows();
    var target = all[all.indexOf(row) + step];
    if (!target && step > 0 && row.parentNode.classList.contains("open")) { target = addRow(row.parentNode, row); changed(); }
    if (!target) { return; }
    var there = cells(target);
    (there[Math.min(column, there.length - 1)] || there[0]).focus();
  }

  grid.addEventListener("keydown", function (event) {
    var el = event.target;
    if (!el.closest || !el.closest("tr.row") || event.isComposing) { return; }
    var textarea = el.tagName === "TEXTAREA";
    var row = el.closest("tr.row");
    if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown") && !row.dataset.fixed) {
      event.preventDefault();               /* Alt+↑/↓ moves the row, the cursor stays in its cell */
      var other = event.key === "ArrowUp" ? row.previousElementSibling : row.nextElementSibling;
      if (other && other.matches("tr.row")) {
        row.parentNode.insertBefore(event.key === "ArrowUp" ? row : other, event.key === "ArrowUp" ? other : row);
        el.focus();
        changed();
      }
      return;
    }
    if (event.ctrlKey && event.key === "Delete" && !row.dataset.fixed) {
      event.preventDefault();
      var del = row.querySelector("button.del");
      if (del) { del.click(); }
      return;
    }
    if (event.key === "Enter" && !(textarea && event.altKey)) {
      event.preventDefault();
      move(el, event.shiftKey ? -1 : 1);
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && el.tagName === "INPUT") {
      event.preventDefault();
      move(el, event.key === "ArrowDown" ? 1 : -1);
    }
  });

  /* the option of a select that pasted text means: its value or its label ("≥", ">=", "不低于", "区间") */
  var ALIASES = { ">=": "≥", "＞=": "≥", "<=": "≤", "＜=": "≤", "＝": "=", "==": "=", "range": "区间",
                  "不低于": "≥", "不高于": "≤", "不超过": "≤" };
  function choose(select, text) {
    var wanted = ALIASES[text] || text;
    for (var i = 0; i < select.options.length; i++) {
      var option = select.options[i];
      if (option.value === wanted || option.text === wanted || (wanted && option.text.indexOf(wanted) >= 0)) {
        select.value = option.value;
        return;
      }
    }
  }

  function parseBlock(text) {
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    while (lines.length && lines[lines.length - 1] === "") { lines.pop(); }
    return lines.map(function (line) { return line.split("\t"); });
  }

  grid.addEventListener("paste", function (event) {
    var el = event.target;
    var row = el.closest && el.closest("tr.row");
    var data = event.clipboardData && event.clipboardData.getData("text/plain");
    if (!row || !data || (data.indexOf("\t") < 0 && data.replace(/\n$/, "").indexOf("\n") < 0)) { return; }
    event.preventDefault();
    var block = parseBlock(data);
    var column = cells(row, true).indexOf(el);
    var current = row;
    block.forEach(function (values, i) {
      if (i > 0) {
        var next = current.nextElementSibling;
        current = next && next.matches("tr.row") ? next : addRow(current.parentNode, current);
      }
      var targets = cells(current, true);
      values.forEach(function (value, j) {
        var cell = targets[column + j];
        if (!cell) { return; }
        value = value.trim();
        if (cell.tagName === "SELECT") { choose(cell, value); } else { cell.value = value; }
      });
      comparatorFromValue(current);
      qualitative(current);
    });
    changed();
  });

  /* a reason grows with its text instead of hiding it behind a scroll bar */
  function grow(area) { area.style.height = "auto"; area.style.height = Math.min(area.scrollHeight + 2, 240) + "px"; }
  grid.addEventListener("input", function (event) { if (event.target.tagName === "TEXTAREA") { grow(event.target); } });
  Array.prototype.forEach.call(grid.querySelectorAll("textarea"), grow);

  /* the scores answered for rows: numbered before every request */
  document.body.addEventListener("htmx:configRequest", renumber);
  renumber();
})();

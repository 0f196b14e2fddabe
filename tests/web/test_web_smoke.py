from __future__ import annotations


def test_home_lists_own_department(world) -> None:
    response = world.client("prep_a").get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert world.project_a.name in html
    assert world.project_b.name not in html


def test_project_pages_render(world) -> None:
    c = world.client("prep_a")
    pk = world.project_a.pk
    for url in [f"/projects/{pk}/", f"/projects/{pk}/edit/", f"/projects/{pk}/revisions/", f"/projects/{pk}/diff/?a=1&b=1"]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.content[:2000])
    r = world.client("fin").get("/portfolio/")
    assert r.status_code == 200, r.content[:3000]

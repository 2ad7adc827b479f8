"""A team's self-assessment: start, rate together, complete, radar; rights; changed meanwhile;
the catalogue's versions keep history; development needs become actions on My work."""

from __future__ import annotations

import io
import re

from backoffice.assessments.commands import RatingInput, complete_assessment
from backoffice.assessments.models import Assessment, CatalogueVersion, Level
from backoffice.assessments.radar import radar
from backoffice.extensions import db
from tests.assessment_steps import (
    criteria,
    criterion,
    make_team,
    rated_assessment,
    rating_post,
    user,
)
from tests.helpers import field_error, input_value, login, logout, submit, textarea_text


def test_a_team_rates_together_and_the_lead_completes(app, office, client) -> None:
    with app.app_context():
        team = make_team(office)
        ids = [c.id for c in criteria()]
    login(client, team.lead)
    started = submit(
        client, f"/assessments/teams/{team.function_id}/start", form_url="/assessments/"
    )
    assert started.status_code == 302
    url = started.headers["Location"]
    assessment_id = int(url.rsplit("/", 1)[1])
    logout(client)
    login(client, team.member)  # a member rates first
    data = rating_post(client, assessment_id, {cid: "1" for cid in ids}, 1, note="Half done")
    assert client.post(url, data=data).status_code == 302
    logout(client)
    login(client, team.lead)
    data = rating_post(client, assessment_id, {cid: "3" for cid in ids[:4]}, 2, "complete")
    data.update({f"level_{cid}": "1" for cid in ids[4:]})
    assert client.post(url, data=data).status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "Completed" in html and 'class="chart radar-chart"' in html
    # Knowing our customers: all four "fully" → 3.0; the other fields "started" → 1.0.
    assert "Knowing our customers: 3.0" in html and "Improving continuously: 1.0" in html
    assert 'name="level_' not in html  # frozen: no form any more
    frozen = client.post(url, data=rating_post(client, assessment_id, {ids[0]: "0"}, 3))
    assert frozen.status_code == 403


def test_completing_needs_every_criterion_rated(app, office, client) -> None:
    with app.app_context():
        team = make_team(office)
        assessment = rated_assessment(team, {"agreements_kept": None})
        aid, version, cid = assessment.id, assessment.version, criterion("agreements_kept").id
        ids = [c.id for c in criteria()]
    login(client, team.lead)
    levels = {i: "2" for i in ids} | {cid: ""}
    response = client.post(f"/assessments/{aid}",
                           data=rating_post(client, aid, levels, version, "complete"))  # fmt: skip
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert field_error(html, f"level_{cid}") == "Please rate this criterion before completing."
    with app.app_context():
        assert db.session.get(Assessment, aid).is_draft


def test_who_may_see_and_edit_a_draft(app, office, client) -> None:
    with app.app_context():
        team = make_team(office)
        draft_id = rated_assessment(team).id
        ids = [c.id for c in criteria()]
    url = f"/assessments/{draft_id}"
    login(client, team.outsider)
    assert client.get(url).status_code == 403
    assert submit(client, f"/assessments/teams/{team.function_id}/start",
                  form_url="/assessments/").status_code == 403  # fmt: skip
    logout(client)
    login(client, office.coordinator)  # reads every draft, edits none
    page = client.get(url)
    assert page.status_code == 200 and 'name="level_' not in page.get_data(as_text=True)
    assert client.post(url, data=rating_post(client, draft_id, {}, 2)).status_code == 403
    logout(client)
    login(client, team.member)  # rates, but only the lead completes
    html = client.get(url).get_data(as_text=True)
    assert 'value="complete"' not in html
    done = client.post(
        url, data=rating_post(client, draft_id, dict.fromkeys(ids, "2"), 2, "complete")
    )
    assert done.status_code == 403
    assert client.get("/assessments/99999").status_code == 404


def test_everyone_reads_a_completed_assessment(app, office, client) -> None:
    with app.app_context():
        completed_id = rated_assessment(make_team(office), complete=True).id
    login(client, office.clerk)
    assert client.get(f"/assessments/{completed_id}").status_code == 200


def test_the_second_of_two_members_sees_changed_meanwhile_and_keeps_input(app, office) -> None:
    with app.app_context():
        team = make_team(office)
        assessment = rated_assessment(team)
        aid, version, cid = assessment.id, assessment.version, criteria()[0].id
    first, second = app.test_client(), app.test_client()
    login(first, team.lead)
    login(second, team.member)
    stale = rating_post(second, aid, {cid: "0"}, version, note="We never asked them")
    assert first.post(f"/assessments/{aid}",
                      data=rating_post(first, aid, {cid: "3"}, version)).status_code == 302  # fmt: skip
    response = second.post(f"/assessments/{aid}", data=stale)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else changed this while you were editing" in html
    assert textarea_text(html, f"note_{cid}") == "We never asked them"
    assert input_value(html, "version") == str(version + 1)
    with app.app_context():
        rating = next(r for r in db.session.get(Assessment, aid).ratings if r.criterion_id == cid)
        assert rating.level == Level.FULLY


def test_a_completed_assessment_is_not_changed_by_a_later_catalogue_edit(
    app, office, client
) -> None:
    with app.app_context():
        team = make_team(office)
        completed_id = rated_assessment(team, complete=True).id
    login(client, office.admin)
    url = "/assessments/catalogue/criterion/agreements_kept"
    page = client.get(url).get_data(as_text=True)
    old = textarea_text(page, "statement_en")
    response = submit(client, url, {
        "version": "1", "statement_en": "We keep every agreement, and say so when we cannot.",
        "statement_de": "", "statement_nl": "", "fully_en": "Always.", "fully_de": "",
        "fully_nl": "",
    })  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        assert [v.number for v in db.session.query(CatalogueVersion).all()] == [1, 2]
    completed = client.get(f"/assessments/{completed_id}").get_data(as_text=True)
    assert old in completed and "say so when we cannot" not in completed
    assert "Criteria version 1." in completed
    poster = client.get("/assessments/poster?lang=en").get_data(as_text=True)
    assert "say so when we cannot" in poster and "Criteria version 2." in poster
    logout(client)
    login(client, team.lead)
    started = submit(
        client, f"/assessments/teams/{team.function_id}/start", form_url="/assessments/"
    )
    draft = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "say so when we cannot" in draft and "Criteria version 2." in draft


def test_an_admin_adds_and_removes_criteria_without_touching_history(app, office, client) -> None:
    with app.app_context():
        completed_id = rated_assessment(make_team(office), complete=True).id
    login(client, office.admin)
    texts = {"statement_en": "We know our customers' busy days.", "statement_de": "",
             "statement_nl": "", "fully_en": "We plan around them.", "fully_de": "", "fully_nl": ""}  # fmt: skip
    added = submit(client, "/assessments/catalogue/field/customers/new", {"version": "1", **texts})
    assert added.status_code == 302
    removed = submit(client, "/assessments/catalogue/criterion/ideas_welcome/remove",
                     {"version": "2"}, form_url="/assessments/catalogue")  # fmt: skip
    assert removed.status_code == 302
    poster = client.get("/assessments/poster?lang=en").get_data(as_text=True)
    assert "busy days" in poster and "Ideas for improvement" not in poster
    completed = client.get(f"/assessments/{completed_id}").get_data(as_text=True)
    assert "busy days" not in completed and "Ideas for improvement" in completed
    stale = submit(client, "/assessments/catalogue/criterion/we_measure/remove",
                   {"version": "1"}, form_url="/assessments/catalogue")  # fmt: skip
    assert stale.status_code == 302  # refused: the page says someone changed it meanwhile
    assert "Someone else changed this" in client.get("/assessments/catalogue").get_data(
        as_text=True
    )
    assert "We measure how well" in client.get("/assessments/poster?lang=en").get_data(as_text=True)


def test_an_edit_against_an_older_catalogue_version_is_refused(app, office, client) -> None:
    with app.app_context():
        rated_assessment(make_team(office), complete=True)
    login(client, office.admin)
    url = "/assessments/catalogue/field/customers"
    fields = {"title_en": "Our customers", "title_de": "", "title_nl": ""}
    assert submit(client, url, {"version": "1", **fields}).status_code == 302
    response = submit(client, url, {"version": "1", **fields, "title_en": "Customers"})
    assert response.status_code == 409
    assert "Someone else changed this" in response.get_data(as_text=True)
    assert submit(client, url, {"version": "2", **fields, "title_en": ""}).status_code == 400


def test_a_weak_criterion_becomes_a_need_on_the_owners_my_work(app, office, client) -> None:
    with app.app_context():
        team = make_team(office)
        assessment = rated_assessment(team, {"who_uses_our_work": 0}, complete=True)
        aid, weak, strong = (
            assessment.id,
            criterion("who_uses_our_work").id,
            criterion("we_measure").id,
        )
    login(client, team.member)
    page = client.get(f"/assessments/{aid}").get_data(as_text=True)
    assert "Turn a weak criterion into an action" in page
    form = {"need-criterion_id": str(weak), "need-title": "Interview Payroll and Invoicing",
            "need-owner_id": str(_id(app, team.member)), "need-due_date": "2027-03-31",
            "need-method_id": re.search(r'name="need-method_id".*?value="(\d+)"', page, re.S)[1]}  # fmt: skip
    bad = submit(client, f"/assessments/{aid}/needs", form | {"need-criterion_id": str(strong)},
                 form_url=f"/assessments/{aid}")  # fmt: skip
    assert bad.status_code == 400  # "we measure" is not among the weak criteria
    outsider = submit(client, f"/assessments/{aid}/needs",
                      form | {"need-owner_id": str(_id(app, office.clerk))},
                      form_url=f"/assessments/{aid}")  # fmt: skip
    assert outsider.status_code == 400
    assert submit(client, f"/assessments/{aid}/needs", form,
                  form_url=f"/assessments/{aid}").status_code == 302  # fmt: skip
    logout(client)
    login(client, office.clerk)  # reads the completed assessment, plans nothing for the team
    refused = submit(client, f"/assessments/{aid}/needs", form, form_url=f"/assessments/{aid}")
    assert refused.status_code == 403
    logout(client)
    login(client, team.member)
    page = client.get(f"/assessments/{aid}").get_data(as_text=True)
    assert re.search(r'action="/assessments/needs/\d+/done"', page)  # its owner may close it here
    work = client.get("/").get_data(as_text=True)
    assert "Interview Payroll and Invoicing" in work
    done = submit(client, re.search(r'action="(/assessments/needs/\d+/done)"', work)[1],
                  {"next": "/"}, form_url="/")  # fmt: skip
    assert done.status_code == 302
    assert "Interview Payroll and Invoicing" not in client.get("/").get_data(as_text=True)


def test_my_work_shows_the_draft_of_my_team(app, office, client) -> None:
    with app.app_context():
        team = make_team(office)
        rated_assessment(team)
    login(client, team.member)
    assert "is a draft" in client.get("/").get_data(as_text=True)
    logout(client)
    login(client, office.other_owner)
    assert "is a draft" not in client.get("/").get_data(as_text=True)


def test_a_rating_carries_an_evidence_file_that_readers_download(app, office, client) -> None:
    with app.app_context():
        team = make_team(office)
        assessment = rated_assessment(team)
        aid, version, cid = assessment.id, assessment.version, criterion("services_described").id
    login(client, team.member)
    data = rating_post(client, aid, {cid: "2"}, version)
    wrong = client.post(
        f"/assessments/{aid}", data=data | {f"file_{cid}": (io.BytesIO(b"MZ"), "tool.exe")}
    )
    assert wrong.status_code == 400
    assert (
        field_error(wrong.get_data(as_text=True), f"file_{cid}")
        == "This type of file is not accepted."
    )
    data = rating_post(client, aid, {cid: "2"}, version)
    upload = (io.BytesIO(b"%PDF-1.4 services"), "service list.pdf")
    assert (
        client.post(f"/assessments/{aid}", data=data | {f"file_{cid}": upload}).status_code == 302
    )
    link = re.search(
        r'href="(/assessments/evidence/\d+)">service_list.pdf<',
        client.get(f"/assessments/{aid}").get_data(as_text=True),
    )
    assert link is not None
    logout(client)
    login(client, office.clerk)  # a draft's evidence is the team's
    assert client.get(link[1]).status_code == 403
    with app.app_context():
        lead = user(team.lead)
        draft = db.session.get(Assessment, aid)
        complete_assessment(draft, {r.criterion_id: RatingInput(2, "", "") for r in draft.ratings},
                            draft.version, lead)  # fmt: skip
    download = client.get(link[1])
    assert download.status_code == 200 and download.data == b"%PDF-1.4 services"
    assert "attachment" in download.headers["Content-Disposition"]


def test_the_page_shows_the_evidence_next_to_its_criteria(app, office, client) -> None:
    with app.app_context():
        team = make_team(office)
        draft_id = rated_assessment(team).id
    login(client, team.lead)
    html = client.get(f"/assessments/{draft_id}").get_data(as_text=True)
    assert "Defects caused" in html and "Repeating causes" in html
    assert "nothing measured in the last 12 months" in html


def test_the_radar_puts_each_field_mean_on_its_axis() -> None:
    axes = [{"label": name, "mean": mean, "previous": 1.0}
            for name, mean in (("A", 3.0), ("B", 1.5), ("C", 0.0), ("D", None))]  # fmt: skip
    chart = radar(axes, size=320)
    (x, y), r = chart["center"], 320 / 2 - 56
    points = [tuple(map(float, p.split(","))) for p in chart["current"].split()]
    assert points[0] == (x, y - r)  # "fully" at the top, on the outer ring
    assert points[1] == (round(x + r / 2, 1), y)  # half way on the right
    assert points[2] == points[3] == (x, y)  # nothing and unrated at the centre
    assert chart["previous"] and len(chart["rings"]) == 3


def _id(app, email: str) -> int:  # noqa: ANN001
    with app.app_context():
        return user(email).id

"""Optimistic concurrency through /api/v1/: ETag on the detail, optional If-Match on PATCH, 409 when stale."""

import pytest

from tests.api.conftest import jwt_client

pytestmark = pytest.mark.django_db


def test_patch_with_a_stale_if_match_is_409_and_saves_nothing(world):
    convention = world["convention_a"]
    client = jwt_client(world["personas"]["instructeur"])
    url = f"/api/v1/conventions/{convention.uuid}/"
    etag = client.get(url)["ETag"]
    assert etag == '"1"'

    first = client.patch(url, {"commentaires": "Premier"}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200, first.content
    assert first["ETag"] == '"2"'
    stale = client.patch(url, {"commentaires": "Second"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 409
    assert "a modifié cette convention le " in stale.json()["detail"]
    convention.refresh_from_db()
    assert convention.commentaires == "Premier" and convention.version == 2

    fresh = client.patch(url, {"commentaires": "Second"}, format="json", HTTP_IF_MATCH='W/"2"')
    assert fresh.status_code == 200
    without = client.patch(url, {"commentaires": "Troisième"}, format="json")  # If-Match is optional
    assert without.status_code == 200 and without["ETag"] == '"4"'


def test_patch_with_an_unreadable_if_match_is_400_in_french(world):
    convention = world["convention_a"]
    response = jwt_client(world["personas"]["instructeur"]).patch(
        f"/api/v1/conventions/{convention.uuid}/", {"commentaires": "x"}, format="json", HTTP_IF_MATCH='"abc"'
    )
    assert response.status_code == 400
    assert "nombre entier" in response.json()["If-Match"][0]

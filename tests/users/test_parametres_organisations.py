import pytest
from django.contrib.auth.models import Group

from tests.users.factories import (
    AdministrationFactory,
    BailleurFactory,
    RoleFactory,
    UserFactory,
    bailleur_user,
    instructeur_user,
    national_user,
)
from users.validators import complete_siret

pytestmark = pytest.mark.django_db


def _bailleur_data(bailleur, **overrides):
    data = {
        "nom": bailleur.nom,
        "siret": bailleur.siret,
        "sous_nature": bailleur.sous_nature,
        "capital_social": "",
        "adresse": bailleur.adresse,
        "code_postal": bailleur.code_postal,
        "ville": bailleur.ville,
        "signataire_nom": bailleur.signataire_nom,
        "signataire_fonction": bailleur.signataire_fonction,
        "signataire_date_deliberation": "",
        "signataire_bloc_signature": "",
    }
    data.update(overrides)
    return data


def _administration_data(administration, **overrides):
    data = {
        "nom": administration.nom,
        "code": administration.code,
        "adresse": administration.adresse,
        "code_postal": administration.code_postal,
        "ville": administration.ville,
        "ville_signature": administration.ville_signature,
        "nb_convention_exemplaires": 3,
        "prefix_convention": "",
        "signataire_bloc_signature": "",
    }
    data.update(overrides)
    return data


def test_bailleur_list_is_scoped_searchable_and_sorted(client):
    mine = BailleurFactory(nom="Habitat Azur", ville="Nice")
    other_mine = BailleurFactory(nom="Zénith Logement", ville="Lyon")
    BailleurFactory(nom="Étranger")
    user = bailleur_user(mine)
    RoleFactory(user=user, bailleur=other_mine)
    client.force_login(user)
    response = client.get("/parametres/bailleurs/")
    assert [b.nom for b in response.context["page_obj"].object_list] == ["Habitat Azur", "Zénith Logement"]
    response = client.get("/parametres/bailleurs/", {"tri": "-nom"})
    assert response.context["page_obj"].object_list[0].nom == "Zénith Logement"
    response = client.get("/parametres/bailleurs/", {"q": "lyon"})
    assert [b.nom for b in response.context["page_obj"].object_list] == ["Zénith Logement"]


def test_national_team_sees_every_bailleur_with_pagination(client):
    BailleurFactory.create_batch(25)
    client.force_login(national_user())
    response = client.get("/parametres/bailleurs/", {"page": 2})
    assert response.context["page_obj"].paginator.count == 25
    assert len(response.context["page_obj"].object_list) == 5


def test_bailleur_of_a_cannot_see_or_change_bailleur_b(client):
    bailleur_a, bailleur_b = BailleurFactory(), BailleurFactory(nom="B d'origine")
    client.force_login(bailleur_user(bailleur_a, administrateur_de_compte=True))
    url = f"/parametres/bailleurs/{bailleur_b.uuid}/"
    assert client.get(url).status_code == 404
    assert client.post(url, _bailleur_data(bailleur_b, nom="Piraté")).status_code == 404
    bailleur_b.refresh_from_db()
    assert bailleur_b.nom == "B d'origine"


def test_bailleur_edits_his_details_but_not_siret_nor_sous_nature(client):
    bailleur = BailleurFactory(nom="Ancien nom")
    client.force_login(bailleur_user(bailleur))
    url = f"/parametres/bailleurs/{bailleur.uuid}/"
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"].fields["siret"].disabled
    assert response.context["form"].fields["sous_nature"].disabled
    original_siret = bailleur.siret
    response = client.post(
        url,
        _bailleur_data(
            bailleur,
            nom="Nouveau nom",
            capital_social="1500000.50",
            siret=complete_siret("1234567890123"),
            sous_nature="SEM_EPL",
        ),
    )
    assert response.status_code == 302
    bailleur.refresh_from_db()
    assert bailleur.nom == "Nouveau nom"
    assert str(bailleur.capital_social) == "1500000.50"
    assert bailleur.siret == original_siret and bailleur.sous_nature == "OFFICE_PUBLIC_HLM"


def test_national_team_edits_reserved_fields(client):
    bailleur = BailleurFactory()
    client.force_login(national_user())
    new_siret = complete_siret("1234567890123")
    response = client.post(
        f"/parametres/bailleurs/{bailleur.uuid}/", _bailleur_data(bailleur, siret=new_siret, sous_nature="SEM_EPL")
    )
    assert response.status_code == 302
    bailleur.refresh_from_db()
    assert (bailleur.siret, bailleur.sous_nature) == (new_siret, "SEM_EPL")


def test_invalid_input_gives_french_errors_and_saves_nothing(client):
    bailleur = BailleurFactory(nom="Intact")
    client.force_login(bailleur_user(bailleur))
    response = client.post(
        f"/parametres/bailleurs/{bailleur.uuid}/", _bailleur_data(bailleur, nom="", capital_social="beaucoup")
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"nom", "capital_social"}
    bailleur.refresh_from_db()
    assert bailleur.nom == "Intact"


def test_read_only_role_sees_the_details_without_editing(client):
    bailleur = BailleurFactory(nom="Lecture")
    user = RoleFactory(bailleur=bailleur, group=Group.objects.get(name="readonly_bailleur")).user
    client.force_login(user)
    url = f"/parametres/bailleurs/{bailleur.uuid}/"
    response = client.get(url)
    assert response.status_code == 200 and not response.context["can_edit"]
    assert client.post(url, _bailleur_data(bailleur, nom="Changé")).status_code == 403


def test_administration_prefix_only_accepts_the_four_placeholders(client):
    administration = AdministrationFactory()
    client.force_login(instructeur_user(administration))
    url = f"/parametres/administrations/{administration.uuid}/"
    response = client.post(url, _administration_data(administration, prefix_convention="{département}/{ville}/"))
    assert response.status_code == 400
    assert "n'est pas un élément dynamique autorisé" in response.context["form"].errors["prefix_convention"][0]
    assert "n&#x27;est pas un élément dynamique autorisé" in response.content.decode()
    response = client.post(
        url, _administration_data(administration, prefix_convention="{département}/{zone}/{mois}/{année}/", code="XX1")
    )
    assert response.status_code == 302
    administration.refresh_from_db()
    assert administration.prefix_convention == "{département}/{zone}/{mois}/{année}/"
    assert administration.code != "XX1"  # reserved to staff


def test_administration_of_another_service_is_404_and_lists_are_scoped(client):
    mine, other = AdministrationFactory(), AdministrationFactory()
    client.force_login(instructeur_user(mine))
    assert client.get(f"/parametres/administrations/{other.uuid}/").status_code == 404
    response = client.get("/parametres/administrations/")
    assert list(response.context["page_obj"].object_list) == [mine]
    # A bailleur has no administration to manage.
    client.force_login(bailleur_user())
    assert client.get("/parametres/administrations/").context["page_obj"].paginator.count == 0
    assert client.get(f"/parametres/administrations/{mine.uuid}/").status_code == 404


def test_organisation_page_lists_its_users(client):
    bailleur = BailleurFactory()
    user = bailleur_user(bailleur, first_name="Alice", last_name="Martin")
    bailleur_user(bailleur, first_name="Bruno", last_name="Petit")
    bailleur_user(first_name="Zoé", last_name="Ailleurs")
    client.force_login(user)
    content = client.get(f"/parametres/bailleurs/{bailleur.uuid}/").content.decode()
    assert "Alice Martin" in content and "Bruno Petit" in content and "Zoé Ailleurs" not in content


def test_staff_without_role_has_no_business_right_on_organisations(client):
    """`is_staff` opens the Django admin only: no organisation listed, none editable, no reserved field."""
    from users import perms
    from users.models import Administration, Bailleur

    bailleur, administration = BailleurFactory(nom="Intouchable"), AdministrationFactory()
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get("/parametres/bailleurs/").context["page_obj"].paginator.count == 0
    url = f"/parametres/bailleurs/{bailleur.uuid}/"
    assert client.get(url).status_code == 404
    assert client.post(url, _bailleur_data(bailleur, nom="Modifié")).status_code == 404
    assert client.get(f"/parametres/administrations/{administration.uuid}/").status_code == 404
    bailleur.refresh_from_db()
    assert bailleur.nom == "Intouchable"
    assert not Bailleur.objects.visible_to(staff).exists() and not Administration.objects.visible_to(staff).exists()
    assert not perms.can_edit_organisation(staff, bailleur) and not perms.can_edit_reserved_fields(staff)
    assert not perms.is_national_team(staff)


def test_national_team_sees_and_edits_every_administration(client):
    from users import perms

    administration = AdministrationFactory()
    user = national_user()
    client.force_login(user)
    assert client.get(f"/parametres/administrations/{administration.uuid}/").status_code == 200
    assert perms.can_edit_organisation(user, administration) and perms.can_edit_reserved_fields(user)

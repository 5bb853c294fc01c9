from django.urls import path

from conventions.views import (
    a_traiter,
    actions,
    avenants,
    comments,
    create,
    excel,
    files,
    filtres,
    fin_par_lot,
    historique,
    recap,
    seconde_vie,
)
from conventions.views import documents as document_views
from conventions.views import list as list_views
from conventions.views import steps as step_views
from reprise import views as reprise_views

app_name = "conventions"

# Fixed words under <uuid>/ (type-convention, actions, commentaires/…, fichiers/…) are declared BEFORE the steps:
# a step slug must never be one of them.
urlpatterns = [
    path("", list_views.convention_list, name="list"),
    path("nouvelle/", create.convention_create, name="create"),
    path("bailleurs/suggestions/", list_views.bailleur_autocomplete, name="bailleur_autocomplete"),
    path("filtres/", filtres.filtre_create, name="filtre_create"),
    path("a-traiter/resume-hebdomadaire/", a_traiter.abonnement, name="a_traiter_abonnement"),
    path("filtres/<uuid:filtre_uuid>/supprimer/", filtres.filtre_delete, name="filtre_delete"),
    path("ajout-simplifie/", avenants.ajout_simplifie, name="ajout_simplifie"),
    path("fin-par-lot/", fin_par_lot.fin_par_lot, name="fin_par_lot"),
    path("ajout-simplifie/tableur/", reprise_views.ajouts_tableur, name="ajouts_tableur"),
    path("ajout-simplifie/tableur/modele/", reprise_views.ajouts_tableur_modele, name="ajouts_tableur_modele"),
    path("<uuid:uuid>/", recap.convention_recap, name="recap"),
    path("<uuid:uuid>/type-convention/", recap.convention_type1and2, name="type1and2"),
    path("<uuid:uuid>/actions/<slug:name>/", actions.convention_action, name="action"),
    # After signature (life): avenants, date corrections, signed PDF, published act
    path("<uuid:uuid>/avenants/nouveau/", avenants.avenant_create, name="avenant_create"),
    path("<uuid:uuid>/dates/<slug:champ>/", avenants.date_correct, name="date_correct"),
    path("<uuid:uuid>/convention-signee/", avenants.fichier_signe, name="fichier_signe"),
    path("<uuid:uuid>/acte-publie/", avenants.fichier_publication, name="fichier_publication"),
    path("<uuid:uuid>/commentaires/nouveau/", comments.comment_create, name="comment_create"),
    path(
        "<uuid:uuid>/commentaires/<uuid:comment_uuid>/<slug:operation>/",
        comments.comment_update,
        name="comment_update",
    ),
    path("<uuid:uuid>/fichiers/<uuid:file_uuid>/", files.file_download, name="file_download"),
    path("<uuid:uuid>/seconde-vie/", seconde_vie.convention_seconde_vie, name="seconde_vie"),
    path("<uuid:uuid>/historique/", historique.convention_historique, name="historique"),
    # Documents (docs)
    path("<uuid:uuid>/document/projet/", document_views.document_projet, name="document_projet"),
    path("<uuid:uuid>/document/", document_views.document_final, name="document_final"),
    path("<uuid:uuid>/document/relancer/", document_views.document_relancer, name="document_relancer"),
    path("<uuid:uuid>/document/remplacement/", document_views.document_remplacer, name="document_remplacer"),
    path(
        "<uuid:uuid>/document/remplacement/retirer/",
        document_views.document_remplacement_retirer,
        name="document_remplacement_retirer",
    ),
    path("<uuid:uuid>/fiche-caf/", document_views.fiche_caf, name="fiche_caf"),
    path("<uuid:uuid>/apercu-du-projet/", document_views.document_apercu, name="document_apercu"),
    path("<uuid:uuid>/etat-du-document/", document_views.document_etat, name="document_etat"),
    # Excel (excel)
    path("excel/modeles/<slug:table>/", excel.excel_modele, name="excel_modele"),
    path("export/", excel.export_liste, name="export_liste"),
    path("<uuid:uuid>/excel/<slug:table>/", excel.excel_export, name="excel_export"),
    # Steps (uib)
    path("<uuid:uuid>/<slug:etape>/", step_views.convention_step, name="etape"),
]

"""Uploaded files of the source: the "text + files" blobs point at `upload_uploadedfile` rows by uuid, and the
signed conventions sit under `conventions/<uuid>/convention_docs/`. Here a file belongs to a convention
(`UploadedFile.convention`, `champ` = "programme.vendeur"…): an operation's files go to its first convention.

The files are copied from a local folder holding the source storage root (`--fichiers`, the unpacked MEDIA_ROOT
or a synced copy of the bucket); a file already copied is not copied again."""

import uuid as uuid_lib
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

from conventions.models import sanitize_filename

ESPACE = uuid_lib.UUID("6f1c3a52-8b0e-4c1e-9a4f-3d2b7e5c9a10")


class Fichiers:
    def __init__(self, *, racine, rapport, dry_run=False):
        self.racine = Path(racine) if racine else None
        self.rapport = rapport
        self.dry_run = dry_run
        self.demandes = []  # (kind, source row, champ, entry)
        self.copies = []  # (source path, target name)
        self._absente_signalee = False

    # Collected while the tables are mapped ---------------------------------------------------------------

    def blob(self, table, programme_row, champ, files):
        for entry in files:
            self.demandes.append(("programme", programme_row["id"], champ, entry))

    def blob_lot(self, lot_row, conv_row, champ, files):
        if conv_row is None:
            return
        self.blob_convention(conv_row, champ, files)

    def blob_convention(self, conv_row, champ, files):
        for entry in files:
            self.demandes.append(("convention", conv_row["id"], champ, entry))

    def signe(self, conv_row) -> str:
        """The target name of the signed convention's PDF ("" when there is none to copy)."""
        nom = (conv_row.get("nom_fichier_signe") or "").strip()
        if not nom:
            return ""
        cle = conv_row["uuid"]
        source = f"conventions/{cle}/convention_docs/{nom}"
        if not self._disponible("conventions_convention.nom_fichier_signe", cle, source):
            return ""
        target = f"conventions/{cle}/signee_{sanitize_filename(nom)}"
        self.copies.append((self.racine / source, target))
        return target

    def _disponible(self, table, cle, source) -> bool:
        if self.racine is None:
            self.rapport.change(table, cle, "fichier non copié : option --fichiers absente")
            return False
        if not (self.racine / source).is_file():
            self.rapport.change(table, cle, f"fichier absent du dossier source : {source}")
            return False
        return True

    # Resolved once the conventions are written ---------------------------------------------------------

    def items(self, importer) -> list[tuple[str, dict]]:
        uploads = {str(r["uuid"]): r for r in importer.src.rows("upload_uploadedfile")}
        premiere = {}
        for r in sorted(importer.convention_rows.values(), key=lambda r: r["id"]):
            premiere.setdefault(r["programme_id"], r["id"])
        table = "upload_uploadedfile"
        items, cles, uuids_pris = [], set(), set()
        for kind, source_id, champ, entry in self.demandes:
            file_uuid = str(entry.get("uuid"))
            conv_id = premiere.get(source_id) if kind == "programme" else source_id
            conv_row = importer.convention_rows.get(conv_id)
            conv = importer.id["conv"].get(conv_id)
            if conv is None or conv_row is None:
                self.rapport.ecarte(table, file_uuid, f"{champ} : aucune convention importée pour porter ce fichier")
                continue
            cle = f"{champ}|{conv_row['uuid']}|{file_uuid}"
            if cle in cles:
                continue
            cles.add(cle)
            upload = uploads.get(file_uuid)
            if upload is None:
                self.rapport.ecarte(table, file_uuid, f"{champ} : le fichier n'est pas dans upload_uploadedfile")
                continue
            dirpath = (upload.get("dirpath") or "").strip()
            nom_stockage = f"{file_uuid}_{upload['filename']}"
            if dirpath:
                source = f"{dirpath.rstrip('/')}/{nom_stockage}"
            else:
                source = f"conventions/{conv_row['uuid']}/media/{nom_stockage}"
            if not self._disponible(table, file_uuid, source):
                continue
            # A file referenced twice (the copy an avenant made of a blob) gets a derived uuid the second time.
            target_uuid = uuid_lib.UUID(file_uuid)
            if file_uuid in uuids_pris:
                target_uuid = uuid_lib.uuid5(ESPACE, cle)
            uuids_pris.add(file_uuid)
            nom = upload.get("realname") or upload["filename"]
            target = f"conventions/{conv_row['uuid']}/fichiers/{target_uuid}_{sanitize_filename(nom)}"
            try:
                taille = int(upload.get("size") or 0)
            except ValueError:
                taille = 0
            items.append(
                (
                    cle,
                    {
                        "uuid": target_uuid,
                        "cree_le": upload["cree_le"],
                        "mis_a_jour_le": upload["mis_a_jour_le"],
                        "convention_id": conv,
                        "champ": champ,
                        "fichier": target,
                        "nom": nom[:255],
                        "taille": max(taille, 0),
                        "content_type": (upload.get("content_type") or "")[:100],
                        "televerse_par_id": None,
                    },
                )
            )
            self.copies.append((self.racine / source, target))
        return items

    def copier(self) -> int:
        if self.dry_run:
            return 0
        copied = 0
        for source, target in self.copies:
            if default_storage.exists(target):
                continue
            with open(source, "rb") as fh:
                saved = default_storage.save(target, File(fh))
            if saved != target:  # the storage renamed it: keep exactly one copy under the expected name
                default_storage.delete(saved)
                raise RuntimeError(f"Le stockage a renommé {target} en {saved}.")
            copied += 1
        return copied

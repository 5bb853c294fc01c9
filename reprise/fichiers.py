"""Uploaded files of the source: the "text + files" blobs point at `upload_uploadedfile` rows by uuid, and the
signed conventions sit under `conventions/<uuid>/convention_docs/`. Here a file belongs to a convention
(`UploadedFile.convention`, `champ` = "programme.vendeur"…): an operation's files go to its first convention.

The files are copied from the source storage: a local folder holding its root (`--fichiers`, the unpacked
MEDIA_ROOT or a synced copy of the bucket) or the bucket itself (`--fichiers-s3 s3://bucket/prefix`). A file
missing from the source is reported, never fatal; a file already copied is not copied again."""

import mimetypes
import os
import tempfile
import uuid as uuid_lib
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

from conventions.models import sanitize_filename

ESPACE = uuid_lib.UUID("6f1c3a52-8b0e-4c1e-9a4f-3d2b7e5c9a10")


class SourceFichiersError(Exception):
    """The file source cannot be read at all (fatal): missing folder, unknown bucket, refused credentials."""


class Dossier:
    """A local folder holding the source storage's root."""

    def __init__(self, racine):
        self.racine = Path(racine)
        if not self.racine.is_dir():
            raise SourceFichiersError(f"Le dossier des fichiers n'existe pas : {racine}")

    def preparer(self) -> None:
        pass

    def existe(self, cle: str) -> bool:
        return (self.racine / cle).is_file()

    def ouvrir(self, cle: str):
        return open(self.racine / cle, "rb")  # noqa: SIM115 - closed by the caller

    def taille(self, cle: str) -> int:
        return (self.racine / cle).stat().st_size


def _env(name: str):
    """A setting of the source bucket: REPRISE_<name> first (when the source and this platform's storage do not
    share credentials), else the usual <name>."""
    return os.environ.get(f"REPRISE_{name}") or os.environ.get(name) or None


class Bucket:
    """An S3 bucket (and key prefix) holding the source storage: `s3://bucket/prefix`. Endpoint, region and
    credentials come from AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
    (each overridable by the same name prefixed with REPRISE_), else from boto3's usual chain. The keys under
    the prefix are listed once (one request per 1,000 objects) rather than asked for one by one."""

    def __init__(self, url: str, client=None):
        import boto3
        from botocore.exceptions import BotoCoreError, ClientError

        if not url.startswith("s3://") or not url[5:].split("/", 1)[0]:
            raise SourceFichiersError(f"Adresse de bucket invalide « {url} » : attendu s3://bucket/prefixe")
        self.bucket, _, prefix = url[5:].partition("/")
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        self.client = client or boto3.client(
            "s3",
            endpoint_url=_env("AWS_S3_ENDPOINT_URL"),
            region_name=_env("AWS_S3_REGION_NAME"),
            aws_access_key_id=_env("AWS_ACCESS_KEY_ID"),
            aws_secret_access_key=_env("AWS_SECRET_ACCESS_KEY"),
        )
        self._erreurs = (BotoCoreError, ClientError)
        self._cles = None

    def _lister(self) -> dict[str, int]:
        cles = {}
        try:
            paginator = self.client.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
                cles.update((obj["Key"][len(self.prefix) :], obj["Size"]) for obj in page.get("Contents", ()))
        except self._erreurs as exc:
            raise SourceFichiersError(f"Lecture impossible du bucket « {self.bucket} » : {exc}") from exc
        return cles

    def preparer(self) -> None:
        """List the keys now: an unknown bucket or refused credentials stop the command before anything is
        written."""
        if self._cles is None:
            self._cles = self._lister()

    def existe(self, cle: str) -> bool:
        self.preparer()
        return cle in self._cles

    def taille(self, cle: str) -> int:
        self.preparer()
        return self._cles[cle]

    def ouvrir(self, cle: str):
        """The object, downloaded into a seekable temporary file (kept in memory up to 8 MB)."""
        fh = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - closed by the caller
        try:
            self.client.download_fileobj(self.bucket, f"{self.prefix}{cle}", fh)
        except self._erreurs as exc:
            fh.close()
            raise OSError(str(exc)) from exc
        fh.seek(0)
        return fh


class Fichiers:
    def __init__(self, *, source=None, rapport, dry_run=False):
        self.source = source  # Dossier, Bucket or None (files not copied, reported)
        self.rapport = rapport
        self.dry_run = dry_run
        self.demandes = []  # (kind, source row, champ, entry)
        self.pieces = []  # (convention row, conventions_piecejointe row)
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

    def piece_jointe(self, conv_row, r):
        self.pieces.append((conv_row, r))

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
        self.copies.append((source, target))
        return target

    def _disponible(self, table, cle, source) -> bool:
        if self.source is None:
            self.rapport.change(table, cle, "fichier non copié : ni --fichiers ni --fichiers-s3")
            return False
        if not self.source.existe(source):
            self.rapport.change(table, cle, f"fichier absent de la source des fichiers : {source}")
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
            self.copies.append((source, target))
        items.extend(self._pieces_jointes(importer))
        return items

    def _pieces_jointes(self, importer) -> list[tuple[str, dict]]:
        """The attachments of `conventions_piecejointe` (legacy, mostly Ecoloweb): their `fichier` is the storage
        key. Those with a file in the source become files of the convention (`champ` = "piecejointe.<type>");
        the others are reported."""
        table, items = "conventions_piecejointe", []
        for conv_row, r in self.pieces:
            cle_source = str(r["uuid"])
            conv = importer.id["conv"].get(conv_row["id"])
            source = (r.get("fichier") or "").strip()
            if conv is None:
                self.rapport.ecarte(table, cle_source, "convention absente ou écartée")
                continue
            if not source:
                self.rapport.ecarte(table, cle_source, "pièce jointe sans fichier dans la source")
                continue
            if self.source is None or not self.source.existe(source):
                raison = "ni --fichiers ni --fichiers-s3" if self.source is None else f"fichier absent : {source}"
                self.rapport.ecarte(table, cle_source, f"pièce jointe non copiée ({raison})")
                continue
            if (r.get("description") or "").strip():
                self.rapport.change(table, cle_source, "description de la pièce jointe non reprise")
            nom = (r.get("nom_reel") or "").strip() or Path(source).name
            target = f"conventions/{conv_row['uuid']}/fichiers/{cle_source}_{sanitize_filename(nom)}"
            type_piece = (r.get("type") or "").strip() or "AUTRE"
            items.append(
                (
                    f"piecejointe|{cle_source}",
                    {
                        "uuid": r["uuid"],
                        "cree_le": r["cree_le"],
                        "mis_a_jour_le": r["cree_le"],
                        "convention_id": conv,
                        "champ": f"piecejointe.{type_piece}"[:100],
                        "fichier": target,
                        "nom": nom[:255],
                        "taille": self.source.taille(source),
                        "content_type": mimetypes.guess_type(nom)[0] or "",
                        "televerse_par_id": None,
                    },
                )
            )
            self.copies.append((source, target))
        return items

    def copier(self) -> int:
        if self.dry_run:
            return 0
        copied = 0
        for source, target in self.copies:
            if default_storage.exists(target):
                continue
            try:
                fh = self.source.ouvrir(source)
            except OSError as exc:  # gone since it was listed, unreadable: reported, the import goes on
                self.rapport.change("upload_uploadedfile", source, f"fichier illisible dans la source : {exc}")
                continue
            try:
                saved = default_storage.save(target, File(fh, name=target))
            finally:
                fh.close()
            if saved != target:  # the storage renamed it: keep exactly one copy under the expected name
                default_storage.delete(saved)
                raise RuntimeError(f"Le stockage a renommé {target} en {saved}.")
            copied += 1
        return copied

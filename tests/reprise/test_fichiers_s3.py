"""The source's files read from its S3 bucket (`--fichiers-s3`), with moto standing in for S3: the files are
copied as from a local folder, a missing object is reported and the import goes on."""

from pathlib import Path

import boto3
import pytest
from django.core.management import CommandError, call_command
from moto import mock_aws

from conventions.models import Convention, UploadedFile
from reprise.fichiers import Bucket, SourceFichiersError
from tests.reprise.conftest import run_import

pytestmark = pytest.mark.django_db

BUCKET = "ancienne-instance"


@pytest.fixture
def s3(monkeypatch):
    for name in ("AWS_S3_ENDPOINT_URL", "REPRISE_AWS_S3_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_S3_REGION_NAME", "us-east-1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


def _upload(client, media: Path, prefix: str, skip: set[str] = frozenset()) -> list[str]:
    keys = []
    for path in sorted(p for p in media.rglob("*") if p.is_file()):
        key = path.relative_to(media).as_posix()
        if key in skip:
            continue
        client.put_object(Bucket=BUCKET, Key=f"{prefix}{key}", Body=path.read_bytes())
        keys.append(key)
    return keys


def test_files_are_copied_from_the_bucket_and_a_missing_one_is_reported(
    s3, source_url, source_media, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_roles", verbosity=0)
    signed = next(p for p in source_media.rglob("*") if p.is_file() and "convention_docs" in p.parts)
    missing = signed.relative_to(source_media).as_posix()
    _upload(s3, source_media, "instance/media/", skip={missing})

    out = run_import(source_url, None, "--fichiers-s3", f"s3://{BUCKET}/instance/media", tmp_path=tmp_path)

    assert "Total : " in out
    assert UploadedFile.objects.count() > 1000
    for fichier in UploadedFile.objects.order_by("?")[:20]:
        assert fichier.fichier.storage.exists(fichier.fichier.name)
    signee = Convention.objects.exclude(fichier_signe="").first()
    assert signee.fichier_signe.read(4) == b"%PDF"
    rapport = (tmp_path / "rapport.csv").read_text(encoding="utf-8")
    assert f"fichier absent de la source des fichiers : {missing}" in rapport
    # The convention whose signed PDF is missing is imported all the same, without the file.
    convention_uuid = missing.split("/")[1]
    assert Convention.objects.get(uuid=convention_uuid).fichier_signe == ""


def test_bucket_lists_once_and_reads_under_its_prefix(s3):
    s3.put_object(Bucket=BUCKET, Key="p/conventions/a.pdf", Body=b"%PDF-1")
    s3.put_object(Bucket=BUCKET, Key="autre/conventions/b.pdf", Body=b"%PDF-2")
    bucket = Bucket(f"s3://{BUCKET}/p/")
    assert bucket.existe("conventions/a.pdf")
    assert not bucket.existe("conventions/b.pdf")
    with bucket.ouvrir("conventions/a.pdf") as fh:
        assert fh.read() == b"%PDF-1"


def test_bad_bucket_is_a_clear_error(s3, tmp_path):
    with pytest.raises(SourceFichiersError, match="Adresse de bucket invalide"):
        Bucket("https://example.org/x")
    with pytest.raises(CommandError, match="Lecture impossible du bucket « inconnu »"):
        call_command(
            "import_apilos",
            "--source",
            "postgres://nobody@127.0.0.1:1/none",
            "--fichiers-s3",
            "s3://inconnu/x",
            "--rapport",
            str(tmp_path / "r.csv"),
        )


def test_an_interrupted_run_resumes_without_duplicates(source_url, tmp_path, settings, monkeypatch):
    """A run stopped while writing a table (here the annexes) kept every table written before it; the next run
    creates the rest only, and a third one finds nothing to do."""
    from programmes.models import Annexe, Logement
    from reprise.importer import Importer

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_roles", verbosity=0)
    table = Importer._table

    def interrompu(self, spec):
        if spec.nom == "programmes_annexe":
            raise RuntimeError("arrêt simulé")
        return table(self, spec)

    monkeypatch.setattr(Importer, "_table", interrompu)
    with pytest.raises(RuntimeError, match="arrêt simulé"):
        run_import(source_url, None, tmp_path=tmp_path)
    logements = Logement.objects.count()
    assert logements > 6000 and not Annexe.objects.exists()
    monkeypatch.setattr(Importer, "_table", table)
    out = run_import(source_url, None, tmp_path=tmp_path)
    assert Logement.objects.count() == logements and Annexe.objects.count() > 600
    ligne = next(line for line in out.splitlines() if line.startswith("programmes_logement "))
    assert " créées       0 " in ligne
    assert "0 ligne(s) ont été créée(s), 0 modifiée(s)" in run_import(source_url, None, tmp_path=tmp_path)

"""The WSGI module gunicorn loads before forking its workers (--preload): warmed up, its heap frozen."""

import gc


def test_the_loaded_heap_is_kept_out_of_the_full_collections():
    gc.unfreeze()
    try:
        import apilos.wsgi

        apilos.wsgi._freeze_heap()
        assert gc.get_freeze_count() > 0
        assert callable(apilos.wsgi.application)
    finally:
        gc.unfreeze()

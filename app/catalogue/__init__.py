"""Reference data (the catalogue): municipalities, newcomer services, housing contacts, occupations.

The data ships with the app as JSON files in ``data/`` (built by ``scripts/build_reference_data.py``)
and is loaded into the database with ``flask seed reference``.
"""

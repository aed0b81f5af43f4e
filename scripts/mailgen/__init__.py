"""Generators for Mailroom's bundled demo threads and its benchmark corpus.

Everything here is deterministic: fixed dates, seeded randomness and pinned document
metadata, so that `scripts/make_demo_data.py` reproduces the committed bytes.

- `docmodel`: a tiny document model (paragraphs, field lists, tables).
- `render`: that model as PDF (fpdf2), DOCX (python-docx), plus XLSX (openpyxl) and CSV.
- `paperwork`: the documents of the field — quotes, POs, manifests, change orders,
  reports, CoAs, invoices — built from a few numbers so totals always add up.
- `people`: projects and members, and their `projects.toml` rendering.
- `mime`: one RFC 5322 message from parts, with stable boundaries.
- `thread`: a mailbox writer that threads, quotes and numbers messages like real clients.
- `demo`: the three scripted demo projects; `corpus`: the benchmark corpus.
"""

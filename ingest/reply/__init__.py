"""The parts behind `ingest.reply_text.extract_reply`.

- `markers`: what a line *is* (quoted, a quote header, a header block, a separator).
- `signature`: where the writer's own text ends (sign-offs, mobile lines, disclaimers).
- `html_text`: HTML to text, with quoted history marked or cut by mail-client structure.
- `plain`: the line walk that keeps the new text.

Nothing outside ingest imports these modules; the public entry is `ingest.reply_text`.
"""

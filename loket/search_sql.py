"""The SQL of the publications' full-text document, shared by the search and its GIN index
migration (the planner uses an expression index only when the query repeats the expression)."""

PUBLICATION_DOCUMENT_SQL = (
    "(setweight(to_tsvector('dutch'::regconfig, COALESCE(\"loket_publication\".\"title\", '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, COALESCE(\"loket_publication\".\"summary\", '')), 'B') || "
    "setweight(to_tsvector('dutch'::regconfig, COALESCE(\"loket_publication\".\"body\", '')), 'C'))"
)

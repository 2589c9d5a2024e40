"""The social map's one search, used by the public map, the staff map and the HSDS API:
`search_services(query, filters)` returns one page of services, best match first (by name
when no words were typed).

It works the same on SQLite and PostgreSQL (no database full-text search):
- `text`: Dutch words folded, stemmed (Snowball) and split into compound parts, for the index
  and the query alike;
- `index`: for each service and stem a BM25 term weight over three weighted fields (name >
  taxonomy > body), stored as rows of one table, `SearchPosting`; `reindex`, which every writer
  of the map calls for what it wrote, rebuilds it, the word list, each stem's count of services
  (`SearchStem`, for its rarity) and the facets (`SearchFacet`: each service's links with its
  name, so a link filter's services in name order are one index range);
- `vocabulary`: the indexed words in memory, for spelling correction, and each stem's rarity
  as asked;
- `query`: the typed text as stems, corrected against the vocabulary and widened by curated
  phrases (`SearchPhrase`);
- `ranking`: the best 500 services per stem read through the (stem, weight) index and scored
  in the database;
- `filters`: `SearchFilters` as conditions chosen so the database stops when a page is full,
  some of them with their services as ids kept until the map changes (a place, a link);
- `ids`: service ids in SQL (hex digits; one parameter for a list);
- `fallback`: what a resident sees when nothing fits;
- `results`: `search_services`, which puts these together.
"""

from .filters import SearchFilters
from .results import SearchResult, search_services

__all__ = ["SearchFilters", "SearchResult", "search_services"]

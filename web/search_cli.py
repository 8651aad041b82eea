"""`clusnet search` and `clusnet suggest`: the search page on the command line."""

from __future__ import annotations

import re
from html import unescape

import click

from archive import FILTER_FIELDS, DocumentType, SearchQuery, SearchResults, SortOrder
from web.cli_support import archive_errors, command_archive, print_json
from web.shapes import results_json


def _plain(html: str) -> str:
    return " ".join(re.sub(r"</?mark>", "*", unescape(html)).split())


def _count(total: int) -> str:
    if total == 0:
        return "No documents match."
    return "1 document matches." if total == 1 else f"{total} documents match."


def _print(results: SearchResults, facets: bool) -> None:
    for notice in results.notices:
        click.echo(notice, err=True)
    click.echo(_count(results.total), err=True)
    if results.expansions:
        click.echo(
            "Also searched, in the other language (glossary and dictionary): "
            + ", ".join(results.expansions),
            err=True,
        )
    if results.accented:
        click.echo(f"Also searched with accents: {', '.join(results.accented)}", err=True)
    if results.expansions or results.accented:
        click.echo("(To search only for what you typed, add --no-expand.)", err=True)
    matching = results.matching
    if matching is not None and matching.partial and results.total:
        if matching.complete == 0:
            click.echo(
                "No document has all the words; the documents with the most of them come "
                "first (--all: only documents with all the words).",
                err=True,
            )
        else:
            click.echo(
                f"{matching.complete} of them have all the words; documents with some of "
                "them follow (--all: only documents with all the words).",
                err=True,
            )
    if results.suggestion and results.unknown and results.total:
        click.echo(
            f"No document has {', '.join(results.unknown)} as typed; "
            "the documents found have similar words.",
            err=True,
        )
    if results.suggestion:
        click.echo(f"Did you mean: {results.suggestion}", err=True)
    for hit in results.hits:
        details = ", ".join(
            str(v)
            for v in (hit.filename, hit.language, hit.doc_type, hit.seminar, hit.city, hit.date)
            if v
        )
        click.echo(f"[{hit.id}] {hit.title}  ({details})")
        for snippet in hit.snippets:
            where = f"p. {snippet.page}: " if snippet.page and hit.page_count > 1 else ""
            click.echo(f"    {where}{_plain(snippet.html)}")
        if hit.missing:
            click.echo(f"    does not have: {', '.join(hit.missing)}")
    if facets:
        for facet in results.facets:
            if not facet.values:
                continue
            click.echo(f"\n{facet.name}:")
            for value in facet.values:
                mark = "*" if value.active else " "
                shown = (
                    value.label if value.label == value.value else f"{value.label} ({value.value})"
                )
                click.echo(f"  {mark} {value.count:6d}  {shown}")


@click.command()
@click.argument("query", nargs=-1)
@click.option(
    "--lang", "languages", multiple=True, help="Only this language (hu, en ...); repeatable."
)
@click.option(
    "--type",
    "types",
    multiple=True,
    type=click.Choice([t.value for t in DocumentType], case_sensitive=False),
    help="Only this document type; repeatable.",
)
@click.option("--seminar", "seminars", multiple=True, help="Only this seminar (its slug).")
@click.option("--partner", "partners", multiple=True, help="Only this partner (its slug).")
@click.option("--city", "cities", multiple=True, help="Only documents of this city.")
@click.option("--year", "years", multiple=True, help="Only documents of this year.")
@click.option(
    "--sort",
    type=click.Choice([s.value for s in SortOrder]),
    default=SortOrder.RELEVANCE.value,
    show_default=True,
)
@click.option("--no-expand", is_flag=True, help="Do not add the glossary's other-language terms.")
@click.option(
    "--all",
    "match_all",
    is_flag=True,
    help="Only documents with every word (by default most of the words is enough).",
)
@click.option("--restricted", is_flag=True, help="Include restricted documents.")
@click.option("--like", type=int, help="Documents like the one with this id (no QUERY needed).")
@click.option("--facets", "show_facets", is_flag=True, help="Print counts per filter value.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--page", default=1, show_default=True, type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_context
def search(
    ctx: click.Context,
    query: tuple[str, ...],
    languages: tuple[str, ...],
    types: tuple[str, ...],
    seminars: tuple[str, ...],
    partners: tuple[str, ...],
    cities: tuple[str, ...],
    years: tuple[str, ...],
    sort: str,
    no_expand: bool,
    match_all: bool,
    restricted: bool,
    like: int | None,
    show_facets: bool,
    limit: int,
    page: int,
    as_json: bool,
) -> None:
    """Search the archive; Hungarian and English are searched at once.

    Documents with all the words come first, then those with fewer of them (--all: only
    documents with all). "Quoted phrases", +required, -excluded, OR, AND, prefix*, word~
    and field:value (title, author, seminar, city, type, language, year; also in
    Hungarian: cím, szerző, év ...) keep their strict meaning. Glossary terms are also
    searched in the other language.

    Example: clusnet search klaszterpolitika --lang hu --year 2010 --facets
    """
    from web.cli_checks import check_languages, check_slugs, check_years

    languages = check_languages(languages)
    years = check_years(years)
    types = tuple(t.lower() for t in types)
    chosen = dict(
        zip(FILTER_FIELDS, (languages, types, seminars, partners, cities, years), strict=True)
    )
    filters = {name: values for name, values in chosen.items() if values}
    text = " ".join(query)
    if not text.strip() and like is None and not filters:
        raise click.UsageError("give words to search for, a filter, or --like ID")
    with archive_errors():
        archive = command_archive(ctx)
        archive.ensure_ready()
        for kind in ("seminar", "partner"):
            if kind in filters:
                filters[kind] = check_slugs(archive, kind, filters[kind])
        request = SearchQuery(
            text,
            limit=limit,
            page=page,
            filters=filters,
            sort=SortOrder(sort),
            expand=not no_expand,
            include_restricted=restricted,
            match_all=match_all,
        )
        results = archive.similar(like, request) if like is not None else archive.search(request)
    if as_json:
        print_json(results_json(results))
        return
    _print(results, show_facets)


@click.command()
@click.argument("prefix")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--restricted", is_flag=True, help="Include words of restricted documents.")
@click.pass_context
def suggest(ctx: click.Context, prefix: str, limit: int, restricted: bool) -> None:
    """Complete the last word of PREFIX from the words of the archive.

    Example: clusnet suggest klaszterp
    """
    with archive_errors():
        archive = command_archive(ctx)
        archive.ensure_ready()
        for text in archive.suggest(prefix, limit=limit, include_restricted=restricted):
            click.echo(text)


def register(main: click.Group) -> None:
    main.add_command(search)
    main.add_command(suggest)

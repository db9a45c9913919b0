"""Sphinx extensions for the MS Blog Archive: ``extensions = ["msblog.sphinxext"]``.

Each component is a module here with its own ``setup``, which sets up the
components it needs (``app.setup_extension``); :data:`COMPONENTS` lists them
all. Within one event, listeners that depend on each other run at named
stages (:mod:`msblog.sphinxext.stages`); those at Sphinx's default (500) do
not depend on each other (``opinions`` only adds its directive). The
pipeline, in the order Sphinx emits its events (``component.listener``: what
it reads -> what it writes)::

  config-inited         CONFIGURE      layout.apply_layout, posts.configure_posts: conf.py -> Sphinx's, ABlog's options
                        500            blog_theme.use_templates: msblog's templates for ABlog's;
                                       sitemap.check_baseurl: html_baseurl is the site's address, or stops the build;
                                       citations.check_setting: msblog_bibliography is a file of the site, or stops it
                        BEFORE_LOADING parallel.pause_collector: the environment is loaded without the collector
  builder-inited        500            search.use_pagefind, search.start_indexing, refusals.read_no_files,
                                       blog_theme, parallel (the environment frozen out of the collector, which
                                       runs again),
                                       ablog_records.forget_previous_build: ABlog starts from this build's posts;
                                       dataset.start_dataset: posts, discussions, registry files -> dataset.tar.gz
                                       when they changed, in a process of its own for a large archive;
                                       warned_pages.note_warned_pages: each warning -> the page it is of
  env-get-outdated      PLAN_EARLY     refusals.refuse_unreadable
   (what to read)       500            registry.load: therapies/*.md -> the registry (every document, when it changed);
                                       citations.load_bibliography: papers.bib -> titles (the citing posts, when it
                                       changed); discussions, archive_links, feed_copies: what to read again;
                                       pages.new_generation; compat: documents never read, which the standard
                                       domain does not clear; warned_pages.read_warned_pages: the pages that
                                       warned in the build before, read again (their warnings given again)
  env-before-read-docs  500            pages.load_state
                        PLAN_LAST      parallel.read_few_here: a few documents are read in this process;
                                       compat: the standard domain forgets the terms of documents read again
  each document read (under -j in reader processes, merged back at env-merge-info: compat merges ABlog's
  posts, env_store each per-document slot; at env-purge-doc, parallel lets go of the one read before and,
  every 500, freezes what reading kept out of the garbage collector):
   source-read          500            refusals.refuse_characters: a character XML cannot hold -> refused, U+FFFD read;
                                       refusals.refuse_page_settings, refuse_as_code: a page's own MyST settings,
                                       bad og: or ABlog keys, {eval-rst}, {csv-table}, directives 30 deep ->
                                       refused (those fences read as code); refuse_out_of_sight: quotes and lists
                                       nested so deep MyST leaves their text out -> refused
   transforms           LINES          compat.InlineLines: what a block of text holds (a link, HTML, a role's
                                       nodes) -> its own line, not the block's first
                        FOOTNOTES      refusals.RefuseUndefinedFootnotes: a reference to no footnote -> refused, text
                        DROP_REFUSED   refusals.DropRefusedFields: front matter refused -> out, before ABlog reads it
                        POST_DIRECTIVE refusals.RefusePostDirectives: ABlog's post directive -> refused, content kept
                        DESCRIBE_ENTRY therapy_domain.DescribeEntry: registry -> an entry's facts, index, ms domain
   doctree-read         CHECK          refusals.refuse_*: what the rules refuse (HTML, script links) -> msblog_refused,
                                       out of the page (HTML as text; meta tags, icons, styles, mathematics);
                                       refusals.drop_system_messages: docutils' messages out (they name paths)
                        CLEAN          listings.clean_post_names, blog_theme.isolate_post_title,
                                       posts.free_added_ids: a post's ids make way for msblog's (discussion, ...)
                        DISCUSSION     discussions.add_discussion: comments/<path>.md -> the discussion's HTML, each
                                       comment rendered by msblog-comment-renderer -> comment_links, linked as it is
                                       (archive_links.resolve, citations.comment_linker, mentions.comment_linker):
                                       deferred links, citations and mentions in comments; what the page tells
                                       machines of each comment; the count of comments archived;
                                       citations.cite_in_post: identifiers in the text -> links to resolvers,
                                       citations, "Papers and trials cited" (before ABlog copies the post, so its
                                       copies link them too; either order with the discussion)
                        ABLOG          ABlog records and copies the post; listings.note_postlists; therapy_domain,
                                       mention_pages: where registry pages will list entries, chart and list mentions;
                                       citation_pages.add_registrations: a trial's registrations under its facts;
                                       sharing.note_description: a page's first words
                        ADJUST_ABLOG   discussions.keep_out_of_feeds, ablog_records.local_dates_for_ablog: ABlog's
                                       record; ablog_records.links_from_the_root: {doc} links in ABlog's copies name
                                       their page from the root (ABlog resolves a copy from the page showing it)
                        ARCHIVE_LINKS  archive_links.link_post: the blog's addresses -> deferred links into the archive,
                                       on the page and in ABlog's copies (compat.post_copies)
                        MENTIONS       mentions.link_post: registry -> ms cross-references, mentions in the text and ABlog's copies
                        FACTS          posts.add_post_facts
                        DETACH         parallel.detach_post_copies
  env-updated           500            mentions.index_mentions: mentions, ABlog's dates -> mentions by entry;
                                       citations.index_citations: citations, ABlog's dates -> citations by identifier;
                                       discussions, refusals, redirects report what they refused; feed_copies.drop_copies;
                                       ablog_records.forget_previous_build, parallel.restore_parallel;
                                       parallel.forget_read_doctrees: each read from its file when written
  env-get-updated       PLAN_EARLY     listings.assign_collection_pages
   (what to write)      500            listings.postlists_to_write; mention_pages.mention_lists_changed (mentions by
                                       entry); related.update (mentions_of, ABlog's tags -> related posts);
                                       posts.plan_neighbours (ABlog's dates -> each post's neighbours, and its age);
                                       charts.registry_index_changed (mentions by entry, ABlog's dates -> the
                                       registry index's charts): each through pages.written_again;
                                       pages.read_since_written: documents read since this output folder was
                                       written (by a build into another);
                                       citation_pages.plan_pages (citations by identifier, registry -> the
                                       identifiers with pages, their genindex entries, the cited-index label);
                                       dataset.make_dataset: the dataset made (pages.made_file), or its problems;
                                       its links' pages through written_again
  write-started         500            parallel.freeze_before_writing
  each document written (under -j in writer processes), and ABlog's copies of posts in feeds and postlists:
   missing-reference    500            ablog_records.copied_link_to_no_page: a link of ABlog's copy to nothing
                                       (no page, label, term) -> its words (the post's page warns of it)
   doctree-resolved     BEFORE_WRITERS posts.add_age_note (mentions_of), posts.add_neighbours: deferred links
                        500            deferred_links.resolve_links: deferred links -> this builder's addresses;
                                       ABlog's postlists, therapy_domain.fill_entry_list (each entry through
                                       msblog-entry-summary -> charts.entry_summary: a small chart),
                                       mention_pages.fill_mention_list (charts.year_chart, then the words around
                                       each mention), related.add_related: this builder's links;
                                       dataset.fill_download: the dataset's link and size;
                                       parallel.forget_written_doctree: its bytes let go
                        AFTER_WRITERS  listings.finish_postlists: names isolated, each post's comments counted;
                                       search.mark_indexed_page
   html-page-context    BEFORE_WRITERS sharing.describe_for_sharing (before sphinxext-opengraph): descriptions,
                                       a post's article tags and linked data, made pages' Open Graph tags
                        500            blog_theme.link_feed, isolate_post_page_title; search.filters_for_indexing;
                                       posts.link_neighbours; discussions.offer_counts (for listings);
                                       pages.note_page: every page written here, Sphinx's own too;
                                       refusals.escape_index_keys: the index's groups (classifiers) as text;
                                       search.index_written_shards: a shard whose pages are all written (those
                                       before this one) -> Pagefind, in the background (serial writing only)
  html-collect-pages    BEFORE_WRITERS feed_copies.excerpt_for_missing_copies (before ABlog's feeds);
                                       search.index_last_shard: the last shard written -> Pagefind
                        500            ABlog's feeds; listings, redirects, mention_pages (pages 2 and on), search's
                                       page, citation_pages (each identifier's pages, their index): each through
                                       pages.only_changed
                        AFTER_WRITERS  feed_copies.finish_feeds: the links in ABlog's feeds made absolute, titles
                                       and names isolated, each entry's times its post's, in its time zone
  build-finished        500            sitemap.write_sitemap: sitemap.xml, robots.txt (pages.made_file);
                                       dataset.stop_dataset: a dataset a failed build did not take is not made;
                                       warned_pages.keep_warned_pages: the pages that warned -> msblog-warned.json
                        AFTER_PAGES    pages.save_state: deletes what earlier builds wrote and this one no longer
                                       writes, saves the record; search.index_site: Pagefind over the shards
                                       left, then pagefind_chunks; waits for every shard, saves their record

What the environment keeps (``env.msblog_*``), each with one owner, the only component that writes it;
others read it through the accessor named::

  registry        msblog_registry, msblog_registry_digest            registry(env), entry_at(env, docname)
  therapy_domain  the ms domain's data                               Sphinx's cross-references, objects.inv
  mentions        msblog_post_mentions, msblog_comment_mentions,     mentions_of(env, docname),
                  msblog_mention_index (each record with the words   posts_mentioning(env, entry_docname)
                  around the first mention and its place)
  citations       msblog_post_citations, msblog_comment_citations,   citations_of(env, docname), cited_in_text(env,
                  msblog_citation_index, msblog_bibliography,        docname), citing(env, key), cited(env),
                  msblog_bibliography_digest                         bibliography(env)
  citation_pages  msblog_identifier_pages, msblog_registered_by;     identifier_pages(env), registered_by(env, key);
                  the cited domain, index entries of cited/<key>     Sphinx's cross-references, genindex, objects.inv
  related         msblog_related, msblog_related_inputs
  listings        msblog_postlists, msblog_collection_pages
  posts           msblog_neighbours                                  neighbours(env, docname)
  sharing         msblog_first_words                                 page_description(env, ...)
  archive_links   msblog_blog_links, msblog_missing_discussions
  discussions     msblog_discussion_problems,                        comments_archived(env, docname)
                  msblog_comments_archived
  refusals        msblog_refused                                     refused_files(app): post files not read
  dataset         msblog_dataset_links, msblog_dataset_environment; beside the environment, the content each
                  output folder's dataset was made from (msblog-dataset-<builder>-<hash of the folder>.pickle),
                  and each file's rows and each part compressed (msblog-dataset-rows.pickle)
  warned_pages    beside the environment, the pages that warned in the last build (msblog-warned.json)
  pages           msblog_generation; beside the environment, what each output folder holds, one file per folder
                  and builder (msblog-pages-<builder>-<hash of the folder>.pickle)   written_again(app, kind, shown)
  ABlog           ablog_posts                                        compat.ablog_posts(env), compat.ablog_blog(app)
"""

from __future__ import annotations

from sphinx.application import Sphinx

import msblog

COMPONENTS = ("ablog_records", "layout", "blog_theme", "parallel", "feed_copies", "pages", "listings", "redirects",
              "sitemap", "opinions", "discussions", "refusals", "posts", "registry", "therapy_domain", "deferred_links",
              "mentions", "charts", "mention_pages", "citations", "citation_pages", "archive_links", "comment_links", "related", "sharing", "search",
              "dataset", "warned_pages")


def setup(app: Sphinx) -> dict:
    app.setup_extension("myst_parser")
    for component in COMPONENTS:
        app.setup_extension(f"msblog.sphinxext.{component}")
    return {"version": msblog.__version__, "parallel_read_safe": True, "parallel_write_safe": True}

"""When msblog's work runs within each Sphinx event: the named stages, in one place.

Sphinx calls an event's listeners in order of priority, lowest first; its own
collectors and ABlog listen at the default, 500. Every listener of msblog that
must run before or after something else says so with one of these names, never
a number, and no two of msblog's listeners that depend on each other share one.
"""

# config-inited
CONFIGURE = 400  # set the options ABlog and MyST read when they start (500)
BEFORE_LOADING = 900  # after every check that may stop the build: Sphinx loads the environment next

# env-get-outdated, env-get-updated, env-before-read-docs: what to read or write again
PLAN_EARLY = 400  # before the other listeners of the event look at the documents
PLAN_LAST = 900  # after every listener that adds documents to read

# transforms of one document being read (before doctree-read); Sphinx's own run from 0 to 999
LINES = 100  # what a paragraph holds at its own line (MyST gives it the paragraph's first), before anything names it
FOOTNOTES = 610  # a footnote reference with no footnote out of the page, before docutils numbers footnotes (620)
DROP_REFUSED = 790  # front matter refused at source-read out of the page, before ABlog reads a post's (800)
POST_DIRECTIVE = 795  # ABlog's post directive out of the page, before ABlog makes a post of the front matter (800)
DESCRIBE_ENTRY = 840  # a registry entry's target, index entries and names, before Sphinx's domains collect them (850)

# doctree-read: one document, just read
CHECK = 400  # refuse what the rules refuse, before ABlog and Sphinx's collectors read it (500)
CLEAN = 420  # clean and isolate the names and titles of what is left a post, before ABlog copies them (500)
DISCUSSION = 450  # add the post's discussion, before the page outline and ABlog's copy of the post (500)
ABLOG = 500  # ABlog records the post and copies it for excerpts and feeds (not ours: for reference)
ADJUST_ABLOG = 510  # correct ABlog's record of the post: local dates, the discussion out of its copy
ARCHIVE_LINKS = 550  # links to the original blog lead into the archive
MENTIONS = 560  # therapies and trials named in the text are linked and recorded
FACTS = 610  # the post's facts under its title (after ABlog took its excerpt)
DETACH = 620  # ABlog's copies let go of the document, once nothing edits them

# doctree-resolved, html-page-context, html-collect-pages: writing
BEFORE_WRITERS = 400  # before sphinxext-opengraph and ABlog write (500)
AFTER_WRITERS = 600  # after ABlog has made its lists (500)

# build-finished
AFTER_PAGES = 900  # after every page and the sitemap are written

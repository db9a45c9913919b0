/* The archive's search page, on Pagefind's JavaScript API: every shard of the index (one per year
   of posts) merged; each part of a page that matches (a comment, a section) a link of its own; the
   filters loaded only when the reader opens them, so that a search loads only what it needs (and filters alone, with
   no word, search nothing: Pagefind would load the whole index for them). A search
   for any name of a registry entry searches all its names, and offers the entry's page first. Text
   from the archive's sources (titles, names, excerpts) is isolated (<bdi>), so that text written
   right to left, or with a direction override left open, reorders nothing around it. */

const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const filterPanel = document.getElementById("search-filters");
const filterGroups = document.getElementById("search-filter-groups");

const bundles = form.dataset.bundles.split(" ").map((path) => new URL(path, window.location.href).pathname);
const siteRoot = bundles[0].replace(/pagefind\/[^/]+\/$/, "");
const PER_PAGE = 5; // results whose text is fetched at a time
const PARTS_SHOWN = 3; // matching comments or sections listed under a result
const FILTERS = { therapy: "Therapy", trial: "Trial", cited: "Paper or trial cited", year: "Year", author: "Author",
  kind: "Kind of page" };
/* Filters the page's address may choose (`?cited=PMID%2021175342`, as the page of a paper or trial links here): they
   hold until the reader opens the filters, whose boxes then show them checked, their groups open. */
const ADDRESSED = ["cited"];
const params = new URLSearchParams(window.location.search);
const addressed = Object.fromEntries(ADDRESSED.map((name) => [name, params.getAll(name)]).filter(([, values]) => values.length));
const ENTRY_PAGE = "Therapy or trial page"; // the kind of a registry entry's page
/* The registry's entries, each with its page and every name it goes by, from the build (never from the query). */
const ENTRIES = JSON.parse(document.getElementById("search-names").textContent);

let pagefind = null; // Pagefind, loaded on first use
let latest = 0; // the newest search: an older one that ends later is not shown
let results = [];
let shown = 0;

function element(name, className, text) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/* Text from a source, or the reader's query, isolated from the text around it. */
const isolated = (text) => element("bdi", null, text);

function engine() {
  pagefind ??= import(`${bundles[0]}pagefind.js`).then(async (module) => {
    await module.options({ baseUrl: siteRoot });
    for (const bundlePath of bundles.slice(1)) await module.mergeIndex(bundlePath, { baseUrl: siteRoot });
    return module;
  });
  return pagefind;
}

/* Direction overrides, embeddings and isolates: an excerpt joins words of several blocks of a page (a
   title, a comment's author, its text), so one left open in a block would run on into the next. */
const DIRECTION_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/* About thirty words around the first match from `start` to `end`, the matches marked. */
function excerpt(words, hits, start, end) {
  const paragraph = element("p", "search-excerpt");
  const text = element("bdi");
  const first = Math.max(start, hits[0] - 12);
  const last = Math.min(end, first + 30);
  if (first > start) paragraph.append("… ");
  for (let i = first; i < last; i += 1) {
    if (i > first) text.append(" ");
    const word = words[i].replace(DIRECTION_CONTROLS, "");
    text.append(hits.includes(i) ? element("mark", null, word) : word);
  }
  paragraph.append(text);
  if (last < end) paragraph.append(" …");
  return paragraph;
}

/* The parts of a page a result can lead to: headings with ids, and comments (article#comment-ID). */
const isPart = (anchor) =>
  /^h[1-6]$/.test(anchor.element) || (anchor.element === "article" && anchor.id.startsWith("comment-"));

/* The matches of a page grouped by the part that holds them, the parts with most matches first. */
function matchesByPart(data) {
  const parts = data.anchors.filter(isPart).sort((a, b) => a.location - b.location);
  const found = new Map();
  for (const location of data.locations) {
    const part = parts.filter((p) => p.location <= location).pop() ?? null;
    if (!found.has(part)) found.set(part, []);
    found.get(part).push(location);
  }
  return [...found.entries()]
    .map(([part, hits]) => {
      const start = part ? part.location : 0;
      const next = parts.find((p) => p.location > start);
      return { part, hits, start, end: next ? next.location : Infinity };
    })
    .sort((a, b) => b.hits.length - a.hits.length);
}

function facts(filters) {
  const values = ["kind", "year", "author"].flatMap((name) => filters[name] ?? []);
  if (!values.length) return null;
  const paragraph = element("p", "search-result-facts");
  values.forEach((value, i) => paragraph.append(...(i ? [" · "] : []), isolated(value)));
  return paragraph;
}

function render(data) {
  const words = data.content.split(/\s+/);
  const page = data.url.split("#")[0];
  const item = element("li", "search-result");
  const heading = element("h2", "search-result-title");
  const link = element("a");
  link.append(isolated(data.meta.title || page));
  link.href = page;
  heading.append(link);
  item.append(heading);
  const about = facts(data.filters ?? {});
  if (about) item.append(about);
  const matches = matchesByPart(data);
  const top = matches.find((match) => match.part === null);
  if (top) item.append(excerpt(words, top.hits, top.start, Math.min(top.end, words.length)));
  const parts = matches.filter((match) => match.part !== null);
  if (parts.length) {
    const partList = element("ul", "search-result-parts");
    for (const { part, hits, start, end } of parts.slice(0, PARTS_SHOWN)) {
      const entry = element("li");
      const comment = part.element === "article";
      const partLink = element("a");
      partLink.append(comment ? `Comment ${part.id.slice("comment-".length)}` : isolated(part.text));
      partLink.href = `${page}#${part.id}`;
      entry.append(partLink, excerpt(words, hits, start, Math.min(end, words.length)));
      partList.append(entry);
    }
    item.append(partList);
    if (parts.length > PARTS_SHOWN) {
      const rest = parts.length - PARTS_SHOWN;
      item.append(element("p", "search-result-rest", `${rest} more ${rest === 1 ? "part" : "parts"} of this page match.`));
    }
  }
  return item;
}

/* Fetch and show the next results of `search`; the first of them, if it is still the newest search. */
async function showMore(search) {
  const next = results.slice(shown, shown + PER_PAGE);
  const pages = await Promise.all(next.map((result) => result.data()));
  if (search !== latest) return undefined;
  const items = pages.map(render);
  list.append(...items);
  shown += next.length;
  more.hidden = shown >= results.length;
  return items[0];
}

/* A name as the registry looks it up: its spaces folded, and in lower case unless it is matched only as written. */
const nameKey = (name, exact) => {
  const spaced = name.split(/\s+/).filter(Boolean).join(" ");
  return exact ? spaced : spaced.toLowerCase();
};

/* The entry the whole of `term` names, and the name it is, by the registry's rules; or null. */
function entryNamed(term) {
  for (const entry of ENTRIES) {
    const named = entry.names.find(({ name, exact }) => nameKey(term, exact) === nameKey(name, exact));
    if (named) return { entry, named: named.name };
  }
  return null;
}

/* Every result of searching each of `terms`, each page once at its best score, best first; the page of `first`
   (a registry entry), if found, before them all. */
async function searchAll(engine, terms, filters, first) {
  const found = await Promise.all(terms.map((term) => engine.search(term, { filters })));
  const best = new Map();
  for (const result of found.flatMap((search) => search.results)) {
    if (!best.has(result.id) || best.get(result.id).score < result.score) best.set(result.id, result);
  }
  let results = [...best.values()].sort((a, b) => b.score - a.score);
  if (first) {
    /* The entry's page among them: a search for its name, narrowed to that page, loads the index chunks the name's
       search has loaded (a search for no word would load every chunk of every shard: 43 MB at 10,000 posts). */
    const own = await engine.search(first.name, { filters: { kind: ENTRY_PAGE, [first.type]: first.name } });
    const ids = new Set(own.results.map((result) => result.id));
    results = [...results.filter((r) => ids.has(r.id)), ...results.filter((r) => !ids.has(r.id))];
  }
  return { results, filters: terms.length === 1 ? found[0].filters : undefined }; // counts of one search only
}

/* What the status says of the other names searched: "Lemtrada is a name of alemtuzumab: also searching …". */
function otherNames({ entry, named }) {
  const others = entry.names.map(({ name }) => name).filter((name) => name !== named);
  if (!others.length) return [];
  const list = others.flatMap((name, i) => [...(i ? [", "] : []), isolated(name)]);
  return named === entry.name
    ? [" Also searching the other names of ", isolated(entry.name), ": ", ...list, "."]
    : [" ", isolated(named), " is a name of ", isolated(entry.name), ": also searching ", ...list, "."];
}

/* What the status says of the filters a search has, each named with its values (a screen reader hears which paper the
   address chose, the filters closed): ", filtered by Paper or trial cited: PMID 21175342; Year: 2014 or 2015". */
function filterWords(filters) {
  const groups = Object.entries(filters).map(([name, { any }]) => [
    `${FILTERS[name] ?? name}: `, ...any.flatMap((value, i) => [...(i ? [" or "] : []), isolated(value)])]);
  return groups.length ? [", filtered by ", ...groups.flatMap((group, i) => [...(i ? ["; "] : []), ...group])] : [];
}

function chosenFilters() {
  if (!filterGroups.dataset.loaded) {
    return Object.fromEntries(Object.entries(addressed).map(([name, values]) => [name, { any: values }]));
  }
  const chosen = {};
  for (const box of filterGroups.querySelectorAll("input:checked")) {
    (chosen[box.name] ??= { any: [] }).any.push(box.value);
  }
  return chosen;
}

function countFilters(counts) {
  for (const box of filterGroups.querySelectorAll("input")) {
    const count = counts?.[box.name]?.[box.value];
    if (count !== undefined) box.parentElement.querySelector(".search-filter-count").textContent = `(${count})`;
  }
}

async function run() {
  const term = input.value.trim();
  const filters = chosenFilters();
  const search = ++latest;
  const url = new URL(window.location.href);
  if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
  for (const name of ADDRESSED) {
    url.searchParams.delete(name);
    for (const value of filters[name]?.any ?? []) url.searchParams.append(name, value);
  }
  window.history.replaceState(null, "", url);
  if (!term && !Object.keys(filters).length) {
    results = [];
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "";
    return;
  }
  if (!term) {
    /* Filters but no word: Pagefind answers a search for no word from every chunk of every shard (43 MB at 10,000
       posts), so the reader is asked for a word; a paper's or therapy's own page lists every page it is named in. */
    results = [];
    list.replaceChildren();
    more.hidden = true;
    status.replaceChildren("Type a word to search", ...filterWords(filters), ".");
    list.dataset.query = term;
    return;
  }
  status.textContent = "Searching…";
  const synonyms = term ? entryNamed(term) : null;
  try {
    const terms = synonyms ? synonyms.entry.names.map(({ name }) => name) : [term];
    const found = await searchAll(await engine(), terms, filters, synonyms?.entry);
    if (search !== latest) return;
    results = found.results;
    shown = 0;
    list.replaceChildren();
    countFilters(found.filters);
    await showMore(search);
  } catch (error) {
    if (search === latest) status.textContent = `The search could not run: ${error.message}`;
    return;
  }
  if (search !== latest) return;
  const count = results.length === 1 ? "1 result" : `${results.length} results`;
  status.replaceChildren(results.length ? count : "No results", " for “", isolated(term), "”", ...filterWords(filters), ".",
    ...(synonyms ? otherNames(synonyms) : []));
  list.dataset.query = term;
}

async function loadFilters() {
  filterGroups.replaceChildren(element("p", null, "Loading the filters…"));
  let all;
  try {
    all = await (await engine()).filters();
  } catch (error) {
    filterGroups.replaceChildren(element("p", null, `The filters could not load: ${error.message}`));
    return;
  }
  filterGroups.replaceChildren();
  for (const [name, label] of Object.entries(FILTERS)) {
    const values = Object.entries(all[name] ?? {});
    if (!values.length) continue;
    values.sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }));
    const group = element("details", "search-filter");
    const fieldset = element("fieldset");
    group.append(element("summary", null, label), fieldset);
    fieldset.append(element("legend", "search-filter-legend", label));
    for (const [value, count] of values) {
      const choice = element("label", "search-filter-choice");
      const box = element("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.checked = addressed[name]?.includes(value) ?? false;
      choice.append(box, " ", isolated(value), " ", element("span", "search-filter-count", `(${count})`));
      fieldset.append(choice);
    }
    group.open = fieldset.querySelector("input:checked") !== null; // a filter the address chose, in sight
    filterGroups.append(group);
  }
  filterGroups.dataset.loaded = "true";
}

let typing = null;
input.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(run, 300);
});
input.addEventListener("focus", engine, { once: true });
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typing);
  run();
});
filterPanel.addEventListener("toggle", () => {
  if (filterPanel.open && !filterGroups.dataset.loaded) loadFilters();
});
filterGroups.addEventListener("change", run);
more.addEventListener("click", async () => {
  const first = await showMore(latest);
  if (first) first.querySelector("a").focus();
});

const query = params.get("q");
if (query || Object.keys(addressed).length) {
  input.value = query ?? "";
  if (!query) input.focus(); // a paper's page linked here to search the pages citing it: the word is the reader's next
  run();
}

/* The archive's search page: Pagefind's UI over every shard of the index (one per year of posts),
   where each comment that matches is a result of its own. */
"use strict";

(() => {
  const element = document.getElementById("search");
  const bundles = element.dataset.bundles.split(" ").map((path) => new URL(path, window.location.href).pathname);
  const siteRoot = bundles[0].replace(/pagefind\/[^/]+\/$/, "");
  const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  /* The parts of a page a result can lead to: headings with ids, and comments (article#comment-ID). */
  const isPart = (anchor) =>
    /^h[1-6]$/.test(anchor.element) || (anchor.element === "article" && anchor.id.startsWith("comment-"));

  function excerpt(words, hits, start, end) {
    const first = Math.max(start, hits[0] - 12);
    const last = Math.min(end, first + 30);
    const shown = [];
    for (let i = first; i < last; i += 1) {
      shown.push(hits.includes(i) ? `<mark>${escape(words[i])}</mark>` : escape(words[i]));
    }
    return (first > start ? "… " : "") + shown.join(" ") + (last < end ? " …" : "");
  }

  /* One sub-result per part of the page that holds a match, the parts with most matches first. */
  function subResults(result) {
    const words = result.content.split(/\s+/);
    const parts = result.anchors.filter(isPart).sort((a, b) => a.location - b.location);
    const found = new Map();
    for (const location of result.locations) {
      const part = parts.filter((p) => p.location <= location).pop();
      const key = part ? part.id : "";
      if (!found.has(key)) found.set(key, { part, hits: [] });
      found.get(key).hits.push(location);
    }
    const page = result.url.split("#")[0];
    return [...found.values()]
      .sort((a, b) => b.hits.length - a.hits.length)
      .map(({ part, hits }) => {
        const start = part ? part.location : 0;
        const next = parts.find((p) => p.location > start);
        const end = next ? next.location : words.length;
        const comment = part && part.element === "article";
        return {
          title: comment ? `Comment ${part.id.slice("comment-".length)}` : (part ? part.text : result.meta.title),
          url: part ? `${page}#${part.id}` : page,
          excerpt: excerpt(words, hits, start, end),
        };
      });
  }

  const ui = new PagefindUI({
    element: "#search",
    bundlePath: bundles[0],
    mergeIndex: bundles.slice(1).map((bundlePath) => ({ bundlePath, baseUrl: siteRoot })),
    baseUrl: siteRoot,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: false,
    processResult: (result) => ({ ...result, sub_results: subResults(result) }),
  });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();

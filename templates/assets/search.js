/* gen's search page: asks the Pagefind index beside the site (pagefind/) and lists the pages
   found, each with the notes that match as links to them. The query and the filters are the
   page's address (search/?q=farage&verdict=false), so a search can be linked to and comes back
   with the Back button. Without JavaScript the page says search needs it. */
(function () {
  "use strict";
  var form = document.querySelector("[data-search-form]");
  if (!form) return;
  var root = form.getAttribute("data-root") || "";
  var folder = form.getAttribute("data-bundle");
  var bundle = new URL(folder + "pagefind.js", document.baseURI).href;
  // A large site's index is made in parts (part-2/ in the bundle), searched as one.
  var parts = (form.getAttribute("data-parts") || "").split(" ").filter(Boolean);
  var input = form.querySelector('input[name="q"]');
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var more = document.querySelector("[data-search-more]");
  var pageSize = 10;

  // The labels the page came with (verdicts, note kinds): a note's head shows the labels.
  var labels = {};
  // The page's words in the site's language (data-* of the form), or English.
  function text(name, fallback) { return form.getAttribute("data-" + name) || fallback; }
  selects.forEach(function (select) {
    var byValue = labels[select.name] = {};
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.value) byValue[option.value] = option.textContent;
    });
  });
  function keyOf(filter, label) {
    var byValue = labels[filter] || {};
    for (var key in byValue) if (byValue[key].toLowerCase() === label.toLowerCase()) return key;
    return null;
  }

  function addOption(select, value, text) {
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) return;
    var option = document.createElement("option");
    option.value = value;
    option.textContent = text || value;
    select.appendChild(option);
  }

  // The address's query and filters.
  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  selects.forEach(function (select) {
    var value = params.get(select.name);
    if (value) { addOption(select, value); select.value = value; }
  });

  var pagefind = null;
  function load() {
    if (!pagefind) {
      pagefind = import(bundle).then(function (module) {
        // In this page's thread, not Pagefind's worker: one script fewer to download.
        return Promise.resolve(module.options({ baseUrl: "/", noWorker: true })).then(function () {
          // A part is merged only once its index is found there: Pagefind, told of a part it
          // cannot load, fails every search (a partial upload; a page from before the site grew).
          return Promise.all(parts.map(function (part) {
            var url = new URL(folder + part, document.baseURI).href;
            return fetch(url + "pagefind-entry.json", { method: "HEAD", cache: "no-store" }).then(function (reply) {
              if (reply.ok) return module.mergeIndex(url, { baseUrl: "/" });
            }).catch(function () { /* the other parts are searched */ });
          }));
        }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  // The filters' values, from the index: the most used first (a site may have thousands of
  // entities), the selected one always.
  function fillFilters(module) {
    return module.filters().then(function (all) {
      selects.forEach(function (select) {
        var counts = {};
        Object.keys(all).forEach(function (key) {
          if (key !== select.name && !(split[select.name] && key.indexOf(select.name + "-") === 0)) return;
          Object.keys(all[key]).forEach(function (value) { counts[value] = (counts[value] || 0) + all[key][value]; });
        });
        var values = Object.keys(counts);
        if (select.name === "year") values.sort().reverse();
        else values.sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); });
        values.slice(0, 200).forEach(function (value) {
          addOption(select, value, (labels[select.name] && labels[select.name][value]) || value);
        });
      });
    });
  }

  // The filters chosen, by the form's names (tag, entity, ...), as the address has them.
  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) { if (select.value) filters[select.name] = select.value; });
    return filters;
  }

  // Pagefind's name for a filter's value: names without bound (tags, entities, sources) are
  // split by their first letter in the index (entity-t for "Tony Blair"), so that a search by
  // one reads one letter's values, not thousands.
  var split = { tag: true, entity: true, source: true };
  function filterKey(name, value) {
    if (!split[name]) return name;
    var c = value.charCodeAt(0);
    if (c >= 65 && c <= 90) return name + "-" + String.fromCharCode(c + 32);
    if (c >= 97 && c <= 122) return name + "-" + value.charAt(0);
    if (c >= 48 && c <= 57) return name + "-0";
    return name + "-other";
  }
  // A verdict and a kind of note together ask for a note that has both: each note's pair is a
  // filter of its own ("fact-check false"), as a page with a false fact check and a context
  // note has both the verdict and the kind, but no false context note.
  function pagefindFilters(filters) {
    var keyed = {};
    Object.keys(filters).forEach(function (name) {
      if (filters.verdict && filters.kind && (name === "verdict" || name === "kind")) return;
      keyed[filterKey(name, filters[name])] = filters[name];
    });
    if (filters.verdict && filters.kind) keyed.note = filters.kind + " " + filters.verdict;
    return keyed;
  }

  // A search with filters and no words: Pagefind would read its whole word index to list the
  // pages (megabytes on a large site). A word that every page the filters keep shows, and is
  // indexed, finds the same pages in one chunk of it: a verdict's or a note kind's label (each
  // note's head shows them), or the year (each article's date). A tag (in the article's footer,
  // which Pagefind does not index), an entity (it may be named by an alias) or a source alone
  // still reads the whole index.
  function keyWord(filters) {
    if (filters.verdict && labels.verdict && labels.verdict[filters.verdict]) return labels.verdict[filters.verdict];
    if (filters.kind && labels.kind && labels.kind[filters.kind]) return labels.kind[filters.kind];
    if (filters.year) return filters.year;
    return null;
  }

  function link(url) { return root + url.replace(/^\//, ""); }

  // Words of the page's text from `from` to `to`, the matched ones marked.
  function excerpt(words, hits, from, to, className) {
    var p = document.createElement("p");
    p.className = className;
    var first = hits.filter(function (h) { return h >= from && h < to; })[0];
    var start = first === undefined ? from : Math.max(from, first - 12);
    var end = Math.min(to, start + 32);
    if (start > from) p.appendChild(document.createTextNode("… "));
    for (var i = start; i < end; i++) {
      if (i > start) p.appendChild(document.createTextNode(" "));
      if (hits.indexOf(i) >= 0) {
        // The word marked, not the punctuation around it ("(Halvorsen." marks "Halvorsen").
        var parts = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(words[i]) || ["", "", words[i], ""];
        var mark = document.createElement("mark");
        mark.textContent = parts[2] || words[i];
        if (parts[2] && parts[1]) p.appendChild(document.createTextNode(parts[1]));
        p.appendChild(mark);
        if (parts[2] && parts[3]) p.appendChild(document.createTextNode(parts[3]));
      } else {
        p.appendChild(document.createTextNode(words[i]));
      }
    }
    if (end < to) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  // Each note of the page (an element with id note-ID) with its place in the text, number,
  // kind and verdict, read from the note's head ("Note 1 Fact check Verdict: False"; the words
  // "Note" and "Verdict:" are there for screen readers, in the site's language).
  var noteLabel = (form.getAttribute("data-note-label") || "").toLowerCase();
  var verdictLabel = (form.getAttribute("data-verdict-label") || "").toLowerCase();
  function notesOf(data, words) {
    var anchors = (data.anchors || []).slice().sort(function (a, b) { return a.location - b.location; });
    var bounds = anchors.filter(function (a) { return /^h\d$/i.test(a.element) || a.id.indexOf("note-") === 0; });
    var notes = [];
    anchors.forEach(function (anchor) {
      if (anchor.id.indexOf("note-") !== 0 || /^h\d$/i.test(anchor.element)) return;
      var next = bounds.filter(function (b) { return b.location > anchor.location; })[0];
      var end = next ? next.location : words.length;
      var head = [];
      for (var i = anchor.location; i < end && head.length < 12; i++) {
        head.push(words[i]);
        if (/\.$/.test(words[i])) break;
      }
      if (noteLabel && (head[0] || "").toLowerCase() === noteLabel) head.shift();
      var text = head.join(" ").replace(/\.$/, "");
      var number = /^\d+$/.test(head[0] || "") ? head[0] : "";
      var rest = number ? text.slice(number.length).trim() : text;
      var kind = null, verdict = null;
      for (var key in labels.kind || {}) {
        var label = labels.kind[key];
        if (rest.slice(0, label.length).toLowerCase() === label.toLowerCase()) {
          kind = key;
          var said = rest.slice(label.length).trim();
          if (verdictLabel && said.slice(0, verdictLabel.length).toLowerCase() === verdictLabel) {
            said = said.slice(verdictLabel.length).trim();
            rest = label + (said ? " " + said : "");
          }
          verdict = keyOf("verdict", said);
          rest = label + (rest.length > label.length ? " · " + rest.slice(label.length).trim() : "");
          break;
        }
      }
      notes.push({ id: anchor.id, start: anchor.location, textStart: i + 1, end: end,
                   title: (form.getAttribute("data-note-label") || "Note") + (number ? " " + number : "") + (rest ? " · " + rest : ""), kind: kind, verdict: verdict });
    });
    return notes;
  }

  function render(data, query, filters) {
    var words = data.content.split(/[\r\n\s]+/g);
    // A search by filters alone asks Pagefind for a word of the filter (`keyWord`): the reader
    // typed none, so none is marked.
    var hits = query ? data.locations || [] : [];
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    var a = document.createElement("a");
    a.href = link(data.url);
    a.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(a);
    item.appendChild(heading);
    var meta = [data.meta.type, data.meta.date_label || data.meta.date, data.meta.publisher].filter(Boolean);
    if (meta.length) {
      var line = document.createElement("p");
      line.className = "meta";
      line.textContent = meta.join(" · ");
      item.appendChild(line);
    }
    var all = notesOf(data, words);
    var byFilter = !!(filters.verdict || filters.kind);
    var chosen = !byFilter ? all : all.filter(function (note) {
      return (!filters.verdict || note.verdict === filters.verdict) && (!filters.kind || note.kind === filters.kind);
    });
    var hit = function (note) { return hits.some(function (h) { return h >= note.start && h < note.end; }); };
    var notes = query ? chosen.filter(hit) : byFilter ? chosen : [];
    // Words found in the page's text, and the verdict or kind in notes the words are not in:
    // those notes are why the page is listed.
    if (query && byFilter && !notes.length) notes = chosen;
    var inNotes = function (h) { return notes.some(function (n) { return h >= n.start && h < n.end; }); };
    var outside = hits.filter(function (h) { return !inNotes(h); });
    // The page's own words end where its notes begin (with the heading of their list), unless a
    // word was found further on.
    var bodyEnd = all.length ? all[0].start : words.length;
    (data.anchors || []).forEach(function (a) {
      if (/^h\d$/i.test(a.element) && a.location < bodyEnd && bodyEnd - a.location <= 3) bodyEnd = a.location;
    });
    if (outside.some(function (h) { return h >= bodyEnd; })) bodyEnd = words.length;
    if (!notes.length || outside.length) item.appendChild(excerpt(words, outside, 0, bodyEnd, "search-excerpt"));
    if (notes.length) {
      var sub = document.createElement("ul");
      sub.className = "search-notes";
      notes.forEach(function (note) {
        var li = document.createElement("li");
        var noteLink = document.createElement("a");
        noteLink.href = link(data.url) + "#" + note.id;
        noteLink.textContent = note.title;
        li.appendChild(noteLink);
        li.appendChild(excerpt(words, hits, Math.min(note.textStart, note.end), note.end, "search-excerpt"));
        sub.appendChild(li);
      });
      item.appendChild(sub);
    }
    return item;
  }

  var current = { results: [], shown: 0, query: "", filters: {} };
  var generation = 0;

  function showMore() {
    var mine = generation;
    var slice = current.results.slice(current.shown, current.shown + pageSize);
    current.shown += slice.length;
    more.hidden = true;
    return Promise.all(slice.map(function (result) { return result.data(); })).then(function (pages) {
      if (mine !== generation) return;
      pages.forEach(function (data) { list.appendChild(render(data, current.query, current.filters)); });
      more.hidden = current.shown >= current.results.length;
    });
  }

  // What the status last said (the number of results), kept when the stale notice is added.
  var lastStatus = "";
  // What the status says after the number of results: that they may be stale (an index being
  // made), or that the last index could not be made (the results are from the one before).
  var failedText = "";
  function say(text) {
    lastStatus = text;
    status.textContent = text + (stale ? " " + staleText : "") + (failedText ? (text ? " " : "") + failedText : "");
  }

  function search() {
    var query = input.value.trim();
    var filters = chosenFilters();
    var address = new URLSearchParams();
    if (query) address.set("q", query);
    Object.keys(filters).forEach(function (name) { address.set(name, filters[name]); });
    var search = address.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
    var mine = ++generation;
    list.textContent = "";
    more.hidden = true;
    if (!query && !Object.keys(filters).length) { say(""); return Promise.resolve(); }
    say(text("searching", "Searching…"));
    return load().then(function (module) {
      var options = { filters: pagefindFilters(filters) };
      if (!query) options.sort = { date: "desc" };
      return module.search(query || keyWord(filters), options);
    }).then(function (found) {
      if (mine !== generation || !found) return;
      current = { results: found.results, shown: 0, query: query, filters: filters };
      var n = found.results.length;
      say(n === 0 ? text("no-results", "No results.") : n === 1 ? text("one-result", "1 result.")
        : text("n-results", "{n} results.").replace("{n}", n));
      return showMore();
    }).catch(function (error) {
      // While gen serve makes a new index, a search may meet half of each: the page loads again
      // once the new one is in.
      if (mine === generation) say(stale ? "" : text("unavailable", "Search is not available:") + " " + error.message);
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  selects.forEach(function (select) { select.addEventListener("change", search); });
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); search(); });
  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore().then(function () {
      var next = list.children[first] && list.children[first].querySelector("a");
      if (next) next.focus();
    });
  });

  // The filters' values are read from the index when the reader first turns to them (all of
  // them are a few hundred KB on a large site: no query pays for them).
  var filled = false;
  function fill() {
    if (filled) return;
    filled = true;
    load().then(fillFilters).catch(function () {});
  }
  form.querySelector("fieldset").addEventListener("focusin", fill);
  form.querySelector("fieldset").addEventListener("pointerdown", fill);

  function start() {
    if (input.value || Object.keys(chosenFilters()).length) search();
  }

  // gen serve indexes the site again after each change, in the background: until it is done,
  // results may be stale; once it is, the page loads again with the new index.
  var stale = false;
  var staleText = text("stale", "The search index is being rebuilt after your last change: results may be stale.");
  if (document.querySelector("script[data-gen-serve]")) {
    var poll = function () {
      fetch("/__gen/search", { cache: "no-store" }).then(function (reply) { return reply.ok ? reply.json() : null; })
        .then(function (state) {
          if (state && state.indexing) {
            if (!stale) { stale = true; say(lastStatus); }
            setTimeout(poll, 500);
            return;
          }
          if (stale) { location.reload(); return; }
          if (state && state.failure) {
            failedText = text("failed", "The search index could not be made:") + " " + state.failure;
            say(lastStatus);
          }
        }).catch(function () {});
    };
    poll();
  }
  start();
})();

// The search page: bantin's own search box, results and filters over Pagefind's JavaScript API
// (the index the build writes beside this page).
//
// Everything that comes from the index — titles, excerpts, the names and values of filters —
// is what editors typed, so it is put into the page as text only (textContent, one element at a
// time), never as HTML: a bloc named "<img src=x onerror=…>" shows those characters and runs
// nothing.
//
// Pagefind folds tone marks but not "đ", so the text bantin gives the index for each page ends
// with the word "bantinfold" and the page's "đ" words spelt with "d" (see bantin/search.py):
// "doan" finds "Đoàn", "98/2023/ND-CP" finds "98/2023/NĐ-CP". The look-alike "Ð" (U+00D0, Latin
// eth) is searched for as "Đ" (the page's "Ð" words are spelt with "đ" there too). Excerpts are
// made here from the text before that word, with the words matching the query marked whatever
// their accents: "doan" marks "Đoàn".
//
// The index is in parts (a year of bulletins, or a run of months, and the pages without a date):
// the bundle folder holds the newest part and Pagefind's script, and bantin-parts.json there
// names the folders of the others, which are merged into one search. Without that list, the
// newest part is searched alone.
(function () {
  "use strict";
  const root = document.getElementById("search");
  if (!root) return;
  const data = root.dataset; // addresses, and the interface's words in the site's language
  const MARK = "bantinfold";
  const phone = window.matchMedia && window.matchMedia("(max-width: 47.99em)").matches;
  // words in an excerpt: as Pagefind's own; fewer on a phone, where the first result with a
  // long title then still shows whole
  const LENGTH = phone ? 20 : 30;
  const PAGE = 10; // results shown at a time
  const WAIT = 300; // ms without typing before the search is made
  const lang = document.documentElement.lang || undefined;
  const order = JSON.parse(data.filterOrder || "[]"); // the theme's filters, in this order

  // ------------------------------------------------------------ elements, made as text only

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // "{count} kết quả cho “{term}”" with the values put in: a string, shown as text
  function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }

  const form = el("form", "search__form");
  form.setAttribute("role", "search");
  form.setAttribute("aria-labelledby", "tieu-de");
  const label = el("label", "search__label", data.label);
  label.htmlFor = "search-q";
  const input = el("input", "search__input");
  input.id = "search-q";
  input.type = "search";
  input.name = "q";
  input.placeholder = data.placeholder || "";
  input.autocomplete = "off";
  input.spellcheck = false;
  form.append(label, input);
  // the page's hint on what to type, under the box; on a phone the results take its place
  const hint = root.querySelector(".search__hint");
  if (hint && hint.id) input.setAttribute("aria-describedby", hint.id);

  const status = el("p", "search__status");
  status.setAttribute("role", "status"); // a polite live region: the count is read out
  const list = el("ol", "search__results");
  const more = el("button", "search__more", data.more);
  more.type = "button";
  more.hidden = true;
  const main = el("div", "search__main");
  main.append(status, list, more);

  // after the results, so that a phone shows them first; beside them on a wide screen
  const panel = el("details", "search__filters");
  panel.append(el("summary", "search__filters-title", data.filters));
  panel.hidden = true;
  const layout = el("div", "search__layout");
  layout.append(main, panel);
  root.replaceChildren.apply(root, hint ? [form, hint, layout] : [form, layout]);

  // ------------------------------------------------------------ excerpts

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đð]/g, "d").replace(/[ĐÐ]/g, "D").toLowerCase();
  }
  // what is given to Pagefind: the look-alike of Đ, the Latin eth, as Đ
  function forPagefind(words) {
    return words.replace(/ð/g, "đ").replace(/Ð/g, "Đ");
  }
  function bare(word) {
    return fold(word).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  }
  // The LENGTH words of ``content`` (before the fold line) with the most words of ``query``,
  // as text and <mark> elements.
  function excerpt(content, query) {
    const cut = content.indexOf(MARK);
    const words = (cut >= 0 ? content.slice(0, cut) : content).split(/\s+/).filter(Boolean);
    const terms = fold(query).split(/\s+/).map(bare).filter(Boolean);
    // as Pagefind matches: whole words, and the last word of the query also as a prefix
    const last = terms.length - 1;
    const hits = words.map(function (w) {
      const b = bare(w);
      return b !== "" && terms.some(function (t, n) {
        return b === t || (n === last && b.indexOf(t) === 0);
      });
    });
    let best = 0, bestScore = -1, score = 0;
    for (let i = 0; i < words.length; i++) {
      if (hits[i]) score++;
      if (i >= LENGTH && hits[i - LENGTH]) score--;
      if (i >= LENGTH - 1 && score > bestScore) { bestScore = score; best = i - LENGTH + 1; }
    }
    if (words.length < LENGTH) best = 0;
    const out = [];
    let text = "";
    for (let i = best; i < Math.min(words.length, best + LENGTH); i++) {
      if (i > best) text += " ";
      if (hits[i]) {
        out.push(text, el("mark", "", words[i]));
        text = "";
      } else {
        text += words[i];
      }
    }
    out.push(text);
    return out;
  }

  // ------------------------------------------------------------ Pagefind

  // the names of the other parts' folders; none when the list cannot be had
  function otherParts() {
    return fetch(data.bundle + "bantin-parts.json", { cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (names) {
        return Array.isArray(names) ? names.filter(function (name) {
          return typeof name === "string" && /^[\w-]+$/.test(name);
        }) : [];
      })
      .catch(function () { return []; });
  }

  let loading = null;
  function pagefind() {
    if (!loading) {
      loading = Promise.all([import(data.bundle + "pagefind.js"), otherParts()])
        .then(function (got) {
          const pf = got[0], names = got[1];
          return pf.options({ baseUrl: data.base })
            .then(function () { return pf.init(); })
            .then(function () {
              return Promise.all(names.map(function (name) {
                return pf.mergeIndex(data.bundle + name + "/", { baseUrl: data.base });
              }));
            })
            .then(function () { return pf; });
        });
    }
    return loading;
  }

  const chosen = new Map(); // filter name → the values ticked
  const counts = new Map(); // filter name → value → the element showing its count
  let totals = {}; // the count of each filter value over the whole index
  let results = []; // the last search's results, shown up to ``shown``
  let shown = 0;
  let term = "";
  let latest = 0; // the number of the last search made: answers to older ones are dropped
  let timer = 0;

  function filtersChosen() {
    const out = {};
    chosen.forEach(function (values, name) {
      if (values.size) out[name] = { any: Array.from(values) };
    });
    return out;
  }

  function collate(a, b) {
    return a.localeCompare(b, lang, { numeric: true });
  }
  function byOrder(a, b) {
    const i = order.indexOf(a), j = order.indexOf(b);
    return (i < 0 ? order.length : i) - (j < 0 ? order.length : j) || collate(a, b);
  }

  function showCounts(found) {
    counts.forEach(function (values, name) {
      values.forEach(function (span, value) {
        const n = (found[name] && found[name][value]) || 0;
        span.textContent = "(" + n + ")";
      });
    });
  }

  function buildFilters(all) {
    totals = all;
    Object.keys(all).sort(byOrder).forEach(function (name) {
      const group = el("fieldset", "search__group");
      group.append(el("legend", "search__group-name", name));
      counts.set(name, new Map());
      Object.keys(all[name]).sort(collate).forEach(function (value) {
        const option = el("label", "search__option");
        const box = el("input", "search__checkbox");
        box.type = "checkbox";
        box.addEventListener("change", function () {
          if (!chosen.has(name)) chosen.set(name, new Set());
          if (box.checked) chosen.get(name).add(value);
          else chosen.get(name).delete(value);
          search();
        });
        const count = el("span", "search__count");
        counts.get(name).set(value, count);
        const text = el("span", "search__text");
        text.append(el("span", "search__value", value), " ", count);
        option.append(box, text);
        group.append(option);
      });
      panel.append(group);
    });
    showCounts(all);
    panel.hidden = counts.size === 0;
  }

  function remember(words) {
    const address = new URL(window.location.href);
    if (words) address.searchParams.set("q", words);
    else address.searchParams.delete("q");
    window.history.replaceState(window.history.state, "", address);
  }

  function summary(count) {
    if (!term) return fill(count === 1 ? data.countOne : data.countMany, { count: count });
    if (count === 0) return fill(data.resultsNone, { term: term });
    return fill(count === 1 ? data.resultsOne : data.resultsMany, { count: count, term: term });
  }

  function failed(error) {
    status.textContent = data.error || "";
    if (window.console) window.console.error(error);
  }

  function search() {
    clearTimeout(timer);
    const mine = ++latest;
    const words = input.value.trim();
    const filters = filtersChosen();
    remember(words);
    if (!words && !Object.keys(filters).length) {
      term = "";
      results = [];
      shown = 0;
      list.replaceChildren();
      root.classList.remove("search--found");
      more.hidden = true;
      status.textContent = "";
      showCounts(totals);
      return Promise.resolve();
    }
    return pagefind().then(function (pf) {
      return pf.search(words ? forPagefind(words) : null, { filters: filters });
    }).then(function (found) {
      if (mine !== latest || !found) return;
      term = words;
      results = found.results;
      shown = 0;
      return showMore(false).then(function () {
        if (mine !== latest) return;
        status.textContent = summary(results.length);
        showCounts(found.filters || {});
      });
    }).catch(function (error) {
      if (mine === latest) failed(error);
    });
  }

  function result(page) {
    const url = page.url;
    if (typeof url !== "string" || url.charAt(0) !== "/" || url.charAt(1) === "/") return null;
    const item = el("li", "search__result");
    const heading = el("h2", "search__title");
    const link = el("a", "search__link", (page.meta && page.meta.title) || url);
    link.href = url;
    heading.append(link);
    const text = el("p", "search__excerpt");
    text.append.apply(text, excerpt(page.content || "", term));
    item.append(heading, text);
    return item;
  }

  // The next PAGE results after the ``shown`` ones (all anew when none is shown yet).
  function showMore(focus) {
    const mine = latest;
    const next = results.slice(shown, shown + PAGE);
    more.disabled = true;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (pages) {
      more.disabled = false;
      if (mine !== latest) return;
      const items = pages.map(result).filter(Boolean);
      if (shown === 0) list.replaceChildren.apply(list, items);
      else list.append.apply(list, items);
      root.classList.toggle("search--found", list.childElementCount > 0);
      shown += next.length;
      more.hidden = shown >= results.length;
      if (focus && items.length) items[0].querySelector("a").focus();
    });
  }

  // ------------------------------------------------------------ wiring

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, WAIT);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
  more.addEventListener("click", function () {
    showMore(true).catch(failed);
  });
  if (window.matchMedia && !phone) panel.open = true;

  const asked = new URLSearchParams(window.location.search).get("q");
  if (asked) input.value = asked;
  pagefind()
    .then(function (pf) { return pf.filters(); })
    .then(buildFilters)
    .then(function () { if (input.value.trim()) return search(); })
    .catch(failed);
})();

// The search page: Pagefind's interface, with excerpts that never show the folded words.
//
// Pagefind folds tone marks but not "đ", so bantin gives the index a hidden line of the page's
// "đ" words spelt with "d", after the word "bantinfold" (see bantin/search.py). Here every
// excerpt of such a page is rebuilt from the text before that line, with the words matching
// the query marked whatever their accents: "doan" marks "Đoàn".
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof PagefindUI === "undefined") return;
  var MARK = "bantinfold";
  var LENGTH = 30; // words in an excerpt, as Pagefind's own
  var term = "";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }
  function bare(word) {
    return fold(word).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  }
  function excerpt(content, query) {
    var words = content.split(/\s+/).filter(Boolean);
    var terms = fold(query).split(/\s+/).map(bare).filter(Boolean);
    // as Pagefind matches: whole words, and the last word of the query also as a prefix
    var last = terms.length - 1;
    var hits = words.map(function (w) {
      var b = bare(w);
      return b !== "" && terms.some(function (t, n) {
        return b === t || (n === last && b.indexOf(t) === 0);
      });
    });
    var best = 0, bestScore = -1, score = 0, i;
    for (i = 0; i < words.length; i++) {
      if (hits[i]) score++;
      if (i >= LENGTH && hits[i - LENGTH]) score--;
      if (i >= LENGTH - 1 && score > bestScore) { bestScore = score; best = i - LENGTH + 1; }
    }
    if (words.length < LENGTH) best = 0;
    var out = [];
    for (i = best; i < Math.min(words.length, best + LENGTH); i++) {
      out.push(hits[i] ? "<mark>" + escape(words[i]) + "</mark>" : escape(words[i]));
    }
    return out.join(" ");
  }

  var ui = new PagefindUI({
    element: "#search",
    bundlePath: root.dataset.bundle,
    baseUrl: root.dataset.base,
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    translations: root.dataset.placeholder ? { placeholder: root.dataset.placeholder } : {},
    processTerm: function (t) { term = t; return t; },
    processResult: function (result) {
      var cut = result.content ? result.content.indexOf(MARK) : -1;
      if (cut >= 0) result.excerpt = excerpt(result.content.slice(0, cut), term);
      return result;
    }
  });
  // Pagefind's search box is named only by its title and placeholder: name it by the heading
  var input = root.querySelector(".pagefind-ui__search-input");
  if (input) input.setAttribute("aria-labelledby", "tieu-de");
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
})();

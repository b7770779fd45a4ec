/* sitegen default theme: progressive enhancement only; every page works without it. */
(function () {
  "use strict";

  var body = document.body;
  var root = body.getAttribute("data-root") || "";

  /* Theme toggle: follows the system until the reader picks, then remembers the pick. */
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var current = document.documentElement.getAttribute("data-theme");
      if (!current) {
        current = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
      }
      var next = current === "dark" ? "light" : "dark";
      document.documentElement.setAttribute("data-theme", next);
      try { localStorage.setItem("sitegen-theme", next); } catch (e) { /* private mode */ }
    });
  }

  /* "On this page" starts folded on narrow screens, where it sits above the content. */
  var toc = document.querySelector(".toc details");
  if (toc && window.matchMedia && window.matchMedia("(max-width: 69.99rem)").matches) {
    toc.open = false;
  }

  /* Copy buttons: the pull command, and one per code block. A button named by its aria-label
     is not read again when its text says "Copied", so a status region says it too. */
  /* (Made before any copy: a region added and filled at once may not be read.) */
  var copyStatus = document.createElement("p");
  copyStatus.className = "visually-hidden";
  copyStatus.setAttribute("role", "status");
  copyStatus.setAttribute("data-copy-status", "");
  (document.querySelector("main") || document.body).appendChild(copyStatus);
  function announce(message) { copyStatus.textContent = message; }
  function copy(text, button) {
    function done() {
      if (!button.hasAttribute("data-label")) { button.setAttribute("data-label", button.textContent); }
      button.setAttribute("data-copied", "");
      button.textContent = "Copied";
      announce("Copied");
      clearTimeout(button.sitegenTimer);
      button.sitegenTimer = setTimeout(function () {
        button.textContent = button.getAttribute("data-label");
        button.removeAttribute("data-copied");
        announce("");
      }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { button.textContent = "Copy failed"; announce("Copy failed"); });
    } else {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "absolute";
      area.style.left = "-9999px";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); done(); } catch (e) { /* nothing to do */ }
      document.body.removeChild(area);
    }
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () { copy(button.getAttribute("data-copy"), button); });
  });
  document.querySelectorAll("main pre").forEach(function (pre) {
    var wrap = document.createElement("div");
    wrap.className = "code-wrap";
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy this code");
    button.addEventListener("click", function () {
      var code = pre.querySelector("code") || pre;
      var text = "";
      /* A console block copies only its commands, without prompts or output. */
      if (code.querySelector(".hl-prompt")) {
        text = code.innerText.split("\n").filter(function (line) { return /^(\$|#) /.test(line); })
          .map(function (line) { return line.replace(/^(\$|#) /, ""); }).join("\n");
      }
      copy(text || code.innerText, button);
    });
    wrap.appendChild(button);
  });

  function plural(count, noun) { return count + " " + (count === 1 ? noun.replace(/s$/, "") : noun); }

  /* Catalog: text filter and category chips. */
  var catalog = document.querySelector('[data-filter-scope="catalog"]');
  if (catalog && catalog.querySelector("[data-filter-input]") && catalog.querySelector("[data-filter-count]")) {
    var cards = Array.prototype.slice.call(document.querySelectorAll(".cards > .card"));
    var input = catalog.querySelector("[data-filter-input]");
    var counter = catalog.querySelector("[data-filter-count]");
    var empty = document.querySelector("[data-filter-empty]");
    var chips = Array.prototype.slice.call(document.querySelectorAll(".chip-filter"));
    var category = "";
    var applyCatalog = function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      cards.forEach(function (card) {
        var text = card.getAttribute("data-search");
        var cats = " " + card.getAttribute("data-categories") + " ";
        var match = words.every(function (w) { return text.indexOf(w) !== -1; }) && (!category || cats.indexOf(" " + category + " ") !== -1);
        card.hidden = !match;
        if (match) { shown++; }
      });
      counter.textContent = shown === cards.length ? plural(cards.length, "images") : shown + " of " + plural(cards.length, "images");
      if (empty) { empty.hidden = shown !== 0; }
    };
    input.addEventListener("input", applyCatalog);
    chips.forEach(function (chip) {
      chip.addEventListener("click", function () {
        category = chip.getAttribute("data-category");
        chips.forEach(function (other) { other.setAttribute("aria-pressed", other === chip ? "true" : "false"); });
        applyCatalog();
      });
    });
  }

  /* Tag tables: text and architecture filters over every row of the section. */
  document.querySelectorAll('[data-filter-scope="tags"]').forEach(function (scope) {
    var rows = Array.prototype.slice.call(scope.querySelectorAll("tbody tr"));
    var input = scope.querySelector("[data-filter-input]");
    var select = scope.querySelector("[data-arch-filter]");
    var counter = scope.querySelector("[data-filter-count]");
    var empty = scope.querySelector("[data-filter-empty]");
    if (!input || !counter) { return; }
    var apply = function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var arch = select ? select.value : "";
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.getAttribute("data-search") || "";
        var arches = " " + (row.getAttribute("data-arches") || "") + " ";
        var match = words.every(function (w) { return text.indexOf(w) !== -1; }) && (!arch || arches.indexOf(" " + arch + " ") !== -1);
        row.hidden = !match;
        if (match) { shown++; }
      });
      counter.textContent = shown === rows.length ? plural(rows.length, "rows") : shown + " of " + plural(rows.length, "rows");
      if (empty) { empty.hidden = shown !== 0; }
    };
    input.addEventListener("input", apply);
    if (select) { select.addEventListener("change", apply); }
    apply();
  });

  /* History dates are absolute UTC in the page (<time datetime>); how long ago each was is
     worked out here, from the reader's clock, as a tooltip. */
  var now = Date.now();
  document.querySelectorAll("time[datetime]").forEach(function (time) {
    var then = Date.parse(time.getAttribute("datetime"));
    if (isNaN(then) || time.title) { return; }
    var days = Math.floor((now - then) / 86400000);
    var ago = days < 1 ? "today" : days < 2 ? "yesterday" : days < 60 ? days + " days ago"
      : days < 730 ? Math.floor(days / 30.44) + " months ago" : Math.floor(days / 365.25) + " years ago";
    time.title = time.getAttribute("datetime").replace("T", " ").replace("Z", " UTC") + " (" + ago + ")";
  });

  /* Retired tags (with --history): a script loaded only when a reader asks for them. */
  var retired = null;
  var retiredWaiting = [];
  function withRetired(src, callback) {
    if (retired) { callback(retired); return; }
    retiredWaiting.push(callback);
    if (retiredWaiting.length > 1) { return; }
    var script = document.createElement("script");
    script.src = src;
    script.onload = function () {
      retired = window.SITEGEN_RETIRED || [];
      retiredWaiting.forEach(function (cb) { cb(retired); });
      retiredWaiting = [];
    };
    script.onerror = function () { retiredWaiting = []; document.head.removeChild(script); };
    document.head.appendChild(script);
  }
  var retiredToggle = document.querySelector("[data-retired-toggle]");

  /* Tag index: matches image:tag, the tag, or any part of it. */
  var indexInput = document.querySelector("[data-tag-index-filter]");
  if (indexInput && document.querySelector("[data-tag-index-count]")) {
    var groups = Array.prototype.slice.call(document.querySelectorAll(".tag-group"));
    var indexCounter = document.querySelector("[data-tag-index-count]");
    var indexEmpty = document.querySelector("[data-filter-empty]");
    var total = document.querySelectorAll(".tag-list li").length;
    var filterIndex = function () {
      var query = indexInput.value.trim().toLowerCase();
      var shown = 0;
      groups.forEach(function (group) {
        var list = group.querySelector(".tag-list");
        if (!list) { return; }
        var image = list.getAttribute("data-image");
        var visible = 0;
        group.querySelectorAll(".tag-list li").forEach(function (item) {
          var full = image + ":" + item.textContent.trim().toLowerCase();
          var match = !query || full.indexOf(query) !== -1;
          item.hidden = !match;
          if (match) { visible++; }
        });
        group.hidden = visible === 0;
        if (query && visible) { group.open = true; }
        shown += visible;
      });
      indexCounter.textContent = shown === total ? plural(total, "tags") : shown + " of " + plural(total, "tags");
      if (indexEmpty) { indexEmpty.hidden = shown !== 0; }
    };
    indexInput.addEventListener("input", filterIndex);
    /* Retired tags join their image's list, struck through and linked to its history; the
       images retired as a whole get groups of their own at the end. */
    if (retiredToggle) {
      retiredToggle.addEventListener("change", function () {
        document.querySelectorAll("[data-retired]").forEach(function (el) { el.parentNode.removeChild(el); });
        if (!retiredToggle.checked) {
          groups = Array.prototype.slice.call(document.querySelectorAll(".tag-group"));
          total = document.querySelectorAll(".tag-list li").length;
          filterIndex();
          return;
        }
        withRetired(retiredToggle.getAttribute("data-retired-src"), function (images) {
          if (!retiredToggle.checked) { return; }
          var last = groups[groups.length - 1];
          images.forEach(function (image) {
            var list = document.querySelector('.tag-list[data-image="' + image.i + '"]');
            if (!list) {
              var group = document.createElement("details");
              group.className = "tag-group";
              group.open = true;
              group.setAttribute("data-retired", "");
              var summary = document.createElement("summary");
              summary.textContent = image.i + " (retired image)";
              group.appendChild(summary);
              list = document.createElement("ul");
              list.className = "tag-list";
              list.setAttribute("data-image", image.i);
              group.appendChild(list);
              (last && last.parentNode ? last.parentNode : document.querySelector("main")).insertBefore(group, indexEmpty);
            }
            var fragment = document.createDocumentFragment();
            image.t.forEach(function (tag) {
              var li = document.createElement("li");
              li.setAttribute("data-retired", "");
              var a = document.createElement("a");
              a.className = "tag tag-retired";
              a.href = root + image.u + "#retired-tags";
              a.title = "retired: see the history of " + image.i;
              a.textContent = tag;
              li.appendChild(a);
              fragment.appendChild(li);
            });
            list.appendChild(fragment);
          });
          groups = Array.prototype.slice.call(document.querySelectorAll(".tag-group"));
          total = document.querySelectorAll(".tag-list li").length;
          filterIndex();
        });
      });
    }
  }

  /* Search: the index is a script file (works from file://), loaded when first needed. */
  var searchIndex = null;
  var waiting = [];
  function withIndex(callback) {
    if (searchIndex) { callback(searchIndex); return; }
    waiting.push(callback);
    if (waiting.length > 1) { return; }
    var script = document.createElement("script");
    script.src = body.getAttribute("data-search-index");
    script.onload = function () {
      searchIndex = window.SITEGEN_SEARCH || [];
      waiting.forEach(function (cb) { cb(searchIndex); });
      waiting = [];
    };
    script.onerror = function () {
      /* Let a later keystroke try again, and say why nothing shows. */
      waiting = [];
      document.head.removeChild(script);
      document.querySelectorAll("[data-search-page-count]").forEach(function (el) { el.textContent = "The search index could not be loaded."; });
    };
    document.head.appendChild(script);
  }
  var kindRank = { image: 0, variant: 1, tag: 2, section: 3, retired: 4 };
  /* With the search page's toggle on, the retired tags join the index. */
  var includeRetired = false;
  var retiredAdded = false;
  function addRetired(index, images) {
    if (retiredAdded) { return; }
    retiredAdded = true;
    images.forEach(function (image) {
      image.t.forEach(function (tag) {
        index.push({ d: "retired tag: see its history", k: "retired", t: image.i + ":" + tag, u: image.u + "#retired-tags" });
      });
    });
  }
  function search(index, query, limit) {
    var q = query.trim().toLowerCase();
    if (!q) { return []; }
    var words = q.split(/\s+/);
    var results = [];
    for (var i = 0; i < index.length; i++) {
      var item = index[i];
      if (item.k === "retired" && !includeRetired) { continue; }
      var title = item.t.toLowerCase();
      var hay = title + " " + item.d.toLowerCase();
      if (!words.every(function (w) { return hay.indexOf(w) !== -1; })) { continue; }
      var score = kindRank[item.k] * 10;
      if (title === q || title.endsWith(":" + q)) { score -= 40; } else if (title.indexOf(q) === 0) { score -= 20; } else if (title.indexOf(q) !== -1) { score -= 10; }
      results.push({ item: item, score: score, order: i });
    }
    results.sort(function (a, b) { return a.score - b.score || a.order - b.order; });
    return results.slice(0, limit).map(function (r) { return r.item; });
  }

  var headerInput = document.getElementById("sg:search");
  var dropdown = document.getElementById("sg:search-results");
  if (headerInput && dropdown) {
    var selected = -1;
    var close = function () { dropdown.hidden = true; headerInput.setAttribute("aria-expanded", "false"); selected = -1; };
    var render = function () {
      withIndex(function (index) {
        var items = search(index, headerInput.value, 8);
        dropdown.textContent = "";
        items.forEach(function (item, i) {
          var a = document.createElement("a");
          a.className = "search-option";
          a.id = "sg:option-" + i;
          a.setAttribute("role", "option");
          a.setAttribute("aria-selected", "false");
          a.href = root + item.u;
          var kind = document.createElement("span");
          kind.className = "search-kind";
          kind.textContent = item.k;
          a.appendChild(kind);
          a.appendChild(document.createTextNode(item.t));
          var small = document.createElement("small");
          small.textContent = item.d;
          a.appendChild(small);
          dropdown.appendChild(a);
        });
        var open = items.length > 0;
        dropdown.hidden = !open;
        headerInput.setAttribute("aria-expanded", open ? "true" : "false");
        selected = -1;
      });
    };
    headerInput.addEventListener("input", render);
    headerInput.addEventListener("focus", function () { withIndex(function () {}); });
    headerInput.addEventListener("keydown", function (event) {
      var options = dropdown.querySelectorAll(".search-option");
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!options.length) { return; }
        event.preventDefault();
        selected = (selected + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
        options.forEach(function (option, i) { option.setAttribute("aria-selected", i === selected ? "true" : "false"); });
        headerInput.setAttribute("aria-activedescendant", options[selected].id);
      } else if (event.key === "Enter" && selected >= 0 && options[selected]) {
        event.preventDefault();
        window.location.href = options[selected].href;
      } else if (event.key === "Escape") {
        close();
      }
    });
    document.addEventListener("click", function (event) {
      if (!dropdown.contains(event.target) && event.target !== headerInput) { close(); }
    });
    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      if (event.key === "/" && tag !== "input" && tag !== "textarea" && tag !== "select") {
        event.preventDefault();
        (document.querySelector("[data-search-page-input]") || headerInput).focus();
      }
    });
  }

  /* The search page: every result, grouped by kind. */
  var pageInput = document.querySelector("[data-search-page-input]");
  if (pageInput && document.querySelector("[data-search-page-results]") && document.querySelector("[data-search-page-count]")) {
    var pageResults = document.querySelector("[data-search-page-results]");
    var pageCount = document.querySelector("[data-search-page-count]");
    var titles = { image: "Images", variant: "Variants", tag: "Tags", section: "Sections", retired: "Retired tags" };
    var show = function () {
      withIndex(function (index) {
        var items = search(index, pageInput.value, 500);
        pageResults.textContent = "";
        pageCount.textContent = pageInput.value.trim() ? plural(items.length, "results") : "";
        ["image", "variant", "tag", "section", "retired"].forEach(function (kind) {
          var group = items.filter(function (item) { return item.k === kind; });
          if (!group.length) { return; }
          var heading = document.createElement("h2");
          heading.textContent = titles[kind] + " (" + group.length + ")";
          pageResults.appendChild(heading);
          var list = document.createElement("ul");
          group.forEach(function (item) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = root + item.u;
            a.textContent = item.t;
            li.appendChild(a);
            if (item.d) { li.appendChild(document.createTextNode(" — " + item.d)); }
            list.appendChild(li);
          });
          pageResults.appendChild(list);
        });
      });
    };
    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) { pageInput.value = params.get("q"); }
    pageInput.addEventListener("input", show);
    var searchRetiredToggle = document.querySelector(".search-page-form [data-retired-toggle]");
    if (searchRetiredToggle) {
      searchRetiredToggle.addEventListener("change", function () {
        includeRetired = searchRetiredToggle.checked;
        if (!includeRetired) { show(); return; }
        withIndex(function (index) {
          withRetired(searchRetiredToggle.getAttribute("data-retired-src"), function (images) {
            addRetired(index, images);
            show();
          });
        });
      });
    }
    show();
  }
})();

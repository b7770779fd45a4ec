/* Registry data (`--registry-data`): loaded before site.js, and only by a site built with it.
   Gives each digest of a registry list its copy button, which copies `image:tag@sha256:…` (the
   list's data-pin, `@`, the digest in the code's title): on an index's line, the pin of the
   tag's every architecture; on an architecture's line, of that architecture's image.
   The buttons are made here rather than written into the pages, since without a script they
   could not copy anything; site.js then binds them like every other [data-copy] button.
   It also titles each size with its bytes, and narrows the lists to the architecture a tag
   table's filter chose. */
(function () {
  "use strict";

  document.querySelectorAll(".registry-list[data-pin]").forEach(function (list) {
    var name = list.getAttribute("data-pin");
    list.querySelectorAll("li > code[title]").forEach(function (code) {
      var line = code.parentNode;
      var label;
      if (line.querySelector(".registry-index")) {
        label = "Copy " + name + " pinned to its index, for every architecture";
      } else {
        var arch = line.querySelector("a");
        /* Windows images of one architecture differ by their os.version. */
        var version = line.querySelector(".registry-os");
        label = "Copy " + name + " pinned to its " + (arch ? arch.textContent + " " : "") +
          (version ? version.textContent + " " : "") + "image";
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      button.setAttribute("data-copy", name + "@" + code.getAttribute("title"));
      button.setAttribute("aria-label", label);
      /* The digest and its button in one box, which a narrow line wraps whole: the button
         never ends up alone on the next line, beside the next architecture's. */
      var pin = document.createElement("span");
      pin.className = "registry-pin";
      line.insertBefore(pin, code);
      pin.appendChild(code);
      pin.appendChild(document.createTextNode(" "));
      pin.appendChild(button);
    });
  });

  /* With an architecture chosen in a tag table's filter, each list shows that architecture's
     lines only (and the index's, which pins every architecture): the rows left are those built
     for it, and the other architectures' sizes and digests are not what the reader asked for.
     (site.js hides the rows; its listener and this one run in either order.) */
  document.querySelectorAll("[data-arch-filter]").forEach(function (select) {
    var scope = select.closest("[data-filter-scope]") || document;
    var lines = scope.querySelectorAll(".registry-list li");
    var apply = function () {
      var arch = select.value;
      Array.prototype.forEach.call(lines, function (line) {
        var badge = line.querySelector("a");
        line.hidden = Boolean(arch && badge && badge.textContent !== arch);
      });
    };
    select.addEventListener("change", apply);
    apply();
  });

  document.querySelectorAll(".registry-list data[value]").forEach(function (size) {
    var bytes = Number(size.getAttribute("value"));
    if (isFinite(bytes)) { size.title = bytes.toLocaleString("en-US") + " bytes"; }
  });
}());

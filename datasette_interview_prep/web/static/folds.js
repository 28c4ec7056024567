// Folded parts of a checklist (<details>: a round type's general prep, evidence, more questions) stay
// open while the visitor ticks elsewhere on the page. Datasette 0.65's base.html closes every open
// <details> on any click outside it (meant for its menus; 1.0a limits that to details.details-menu):
// this remembers, before that handler runs, which folds were open and reopens them after it.
(function () {
  var reopen = [];
  document.addEventListener("click", function (event) {
    var within = [];
    for (var node = event.target; node; node = node.parentNode) {
      if (node.tagName === "DETAILS") within.push(node);
    }
    // Only the page's own folds: core's menus (header and actions) must still close.
    reopen = Array.prototype.filter.call(document.querySelectorAll("#main details[open]"), function (details) {
      return within.indexOf(details) === -1;
    });
    if (reopen.length) {
      window.setTimeout(function () {
        reopen.forEach(function (details) { details.open = true; });
        reopen = [];
      }, 0);
    }
  }, true);
})();

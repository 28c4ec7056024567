// Search-as-you-type over the company table on /-/prep. Without JavaScript the
// same form filters on the server (?q=), so this only saves a round trip.
(function () {
  var input = document.getElementById("prep-company-filter");
  var table = document.getElementById("prep-companies");
  var count = document.getElementById("prep-company-count");
  if (!input || !table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var total = count ? count.textContent.replace(/^\d+ of /, "") : "";
  function filter() {
    var needle = input.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var match = !needle || row.getAttribute("data-search").indexOf(needle) !== -1;
      row.hidden = !match;
      if (match) shown += 1;
    });
    if (count) count.textContent = shown + " of " + total;
  }
  input.addEventListener("input", filter);
  filter();
})();

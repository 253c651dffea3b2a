// Optional: a filter box over the traceability matrix. Without JavaScript the page shows everything.
(function () {
  var box = document.getElementById("filter");
  var query = document.getElementById("filter-query");
  var failing = document.getElementById("filter-failing");
  var count = document.getElementById("filter-count");
  var claims = Array.prototype.slice.call(document.querySelectorAll("details.claim"));
  function apply() {
    var words = query.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    claims.forEach(function (claim) {
      var text = claim.textContent.toLowerCase();
      var match = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
        (!failing.checked || claim.classList.contains("fail"));
      claim.hidden = !match;
      if (match) { shown += 1; }
    });
    count.textContent = shown + " of " + claims.length + " claims shown";
  }
  function expand(open) { claims.forEach(function (claim) { claim.open = open; }); }
  query.addEventListener("input", apply);
  failing.addEventListener("change", apply);
  document.getElementById("filter-expand").addEventListener("click", function () { expand(true); });
  document.getElementById("filter-collapse").addEventListener("click", function () { expand(false); });
  window.addEventListener("beforeprint", function () { expand(true); });
  box.hidden = false;
  apply();
})();

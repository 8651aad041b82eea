// Autocomplete for the search box: words of the archive in a <datalist>.
// Progressive enhancement: without this script the form works the same.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById(input.getAttribute("list"));
  var url = input.getAttribute("data-suggest");
  var timer = null;
  var last = "";

  function show(suggestions) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    suggestions.forEach(function (text) {
      var option = document.createElement("option");
      option.value = text;
      list.appendChild(option);
    });
  }

  function ask() {
    var text = input.value;
    var word = text.split(/\s+/).pop();
    if (text === last) { return; }
    last = text;
    if (!word || word.length < 2) { show([]); return; }
    fetch(url + "?q=" + encodeURIComponent(text), { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { if (input.value === text) { show(data.suggestions || []); } })
      .catch(function () { show([]); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });

  // Sorting applies as soon as another order is chosen.
  var sort = document.querySelector("form.sort select[name=sort]");
  if (sort) {
    sort.addEventListener("change", function () { sort.form.submit(); });
  }
})();

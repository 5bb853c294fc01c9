// Bailleur filter of the conventions list: suggestions from the server as the user types, the chosen
// bailleur's UUID goes into the hidden `bailleur` field. Without JavaScript the text box is simply ignored.
(function () {
  "use strict";
  var wrapper = document.querySelector("[data-autocomplete-url]");
  if (!wrapper) {
    return;
  }
  var input = wrapper.querySelector("input");
  var list = document.getElementById("bailleurs-suggestions");
  var hidden = document.querySelector("input[name='bailleur']");
  var url = wrapper.getAttribute("data-autocomplete-url");
  var byLabel = {};
  var timer = null;

  function fill(results) {
    list.textContent = "";
    byLabel = {};
    results.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.label;
      list.appendChild(option);
      byLabel[item.label] = item.uuid;
    });
  }

  input.addEventListener("input", function () {
    if (hidden) {
      hidden.value = byLabel[input.value] || "";
    }
    if (byLabel[input.value]) {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch(url + "?q=" + encodeURIComponent(input.value), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { fill(data.results); });
    }, 200);
  });
  if (hidden && !hidden.value) {
    input.value = "";
  }
}());

// Recap: while the validated document is queued or being generated, reload its block (#document) every
// 3 seconds from the fragment URL it carries (data-etat-url), until it is ready or has failed.
(function () {
  "use strict";
  var DELAI = 3000;

  function suivre() {
    var bloc = document.getElementById("document");
    if (!bloc || !bloc.dataset.etatUrl) {
      return;
    }
    window.setTimeout(function () {
      fetch(bloc.dataset.etatUrl, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (reponse) {
          return reponse.ok ? reponse.text() : Promise.reject(reponse.status);
        })
        .then(function (html) {
          var modele = document.createElement("template");
          modele.innerHTML = html.trim();
          var nouveau = modele.content.querySelector("#document");
          if (nouveau) {
            bloc.replaceWith(nouveau);
          }
          suivre();
        })
        .catch(function () {
          window.setTimeout(suivre, DELAI * 3);
        });
    }, DELAI);
  }

  document.addEventListener("DOMContentLoaded", suivre);
})();

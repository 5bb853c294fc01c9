"use strict";
// ReDoc's side menu shows the Redocly logo from cdn.redoc.ly: the documentation must work offline and under
// our CSP (img-src 'self' data:), so that one image is replaced by an empty local one before it loads.
(function () {
  const EMPTY_IMAGE = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";
  const local = (value) => (String(value).startsWith("https://cdn.redoc.ly/") ? EMPTY_IMAGE : value);
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    return setAttribute.call(this, name, this.tagName === "IMG" && name === "src" ? local(value) : value);
  };
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get() {
      return src.get.call(this);
    },
    set(value) {
      src.set.call(this, local(value));
    },
  });
})();

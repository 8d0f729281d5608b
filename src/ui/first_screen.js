// Which first screen the page paints, chosen before its first paint, and a
// login asked for before the app starts. Written into index.html's head by
// the build (src/ui/first_screen.rs fills in the names in capitals).
(function () {
  var root = document.documentElement;
  var screen = "skeleton";
  try {
    var path = new URL(".", document.baseURI).pathname.replace(/\/$/, "");
    var stored = function (key) {
      return localStorage.getItem(key[0] + path + key[1]) !== null;
    };
    if (!stored(TOKENS_KEY) && location.pathname !== path + "/" + CALLBACK) {
      screen = CLIENT_ID_COMPILED || stored(CLIENT_ID_KEY) ? "welcome" : "setup";
    }
  } catch (e) {
    // Storage refused: the skeleton until the app knows.
  }
  root.setAttribute(SCREEN_ATTRIBUTE, screen);
  // The painted setup form is the app's once it starts, with what was typed.
  document.addEventListener("submit", function (event) {
    if (event.target.closest("#shell")) {
      event.preventDefault();
    }
  });
  // The app starts the login once, when it starts (src/browser/first_screen.rs).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(LOGIN_BUTTON);
    if (button) {
      root.setAttribute(LOGIN_ASKED, "");
      button.setAttribute("aria-busy", "true");
    }
  });
})();

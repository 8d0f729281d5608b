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
  // The element matching `selector` that the event happened in, if any.
  var on = function (event, selector) {
    return event.target.closest ? event.target.closest(selector) : null;
  };
  // The app starts the login once, when it starts (src/browser/first_screen.rs).
  document.addEventListener("click", function (event) {
    var button = on(event, LOGIN_BUTTON);
    if (button) {
      root.setAttribute(LOGIN_ASKED, "");
      button.setAttribute("aria-busy", "true");
    }
  });
  // A press begun on the painted control and ended on the app's, as when the
  // app takes over under a finger, is a click to the reader but none to the
  // browser (two elements): the app's control gets it.
  var pressed = false;
  var release = function (event) {
    var control = pressed && !on(event, "#shell") && on(event, LOGIN_CONTROL);
    pressed = false;
    if (control) {
      control.click();
    }
  };
  document.addEventListener("pointerdown", function (event) {
    pressed = event.isPrimary && event.button === 0 && !!on(event, LOGIN_BUTTON);
  });
  document.addEventListener("pointerup", release);
  document.addEventListener("pointercancel", function () {
    pressed = false;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === " ") {
      pressed = !!on(event, LOGIN_BUTTON);
    }
  });
  document.addEventListener("keyup", function (event) {
    if (event.key === " ") {
      release(event);
    }
  });
})();

// Encore's service worker, at the public URL's scope. Workbox precaches the
// app's files, which the release build lists with their revisions
// (scripts/postbuild.py writes the list in place of the manifest below),
// and serves the app for every page of the app from that cache: a visit
// opens at once, offline too. It caches nothing else: Spotify's answers and
// any address with a code, a state or a token are never stored here.
importScripts(
  "workbox/workbox-core.prod.js",
  "workbox/workbox-routing.prod.js",
  "workbox/workbox-strategies.prod.js",
  "workbox/workbox-precaching.prod.js",
  // The release check's module (src/background), without the app's views:
  // it defines `wasm_bindgen`, which loads the module when first called.
  "background.js",
);

const { precaching, routing } = self.workbox;
// The routes, the sync tag and the update message, as src/names.rs defines
// them (scripts/postbuild.py writes them in place of the line below).
const names = self.__ENCORE_NAMES;

precaching.cleanupOutdatedCaches();
precaching.precacheAndRoute(self.__WB_MANIFEST);
// The app's pages, whatever their query (a callback's stays in the address,
// never in a cache). Only these: a copy at a site's root must leave other
// project sites under its scope (`/encore/` beside `/`) to the network.
const scope = new URL(self.registration.scope).pathname;
const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const pages = names.routes.map(
  (route) => new RegExp("^" + escaped(scope + route) + "(\\?|$)"),
);
routing.registerRoute(
  new routing.NavigationRoute(precaching.createHandlerBoundToURL("index.html"), { allowlist: pages }),
);

// A new version waits until the reader takes it ("A new version is ready"),
// so no open page ever runs on a mix of old and new files.
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === names.takeUpdate) {
    self.skipWaiting();
  }
});

// A release alert opens the releases view, in a tab of the app if one is open.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(names.releases, self.registration.scope).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((tabs) => {
      const tab = tabs.find((t) => t.url.startsWith(self.registration.scope));
      if (tab) {
        return tab.focus().then((t) => (t && t.url !== target ? t.navigate(target) : t));
      }
      return self.clients.openWindow(target);
    }),
  );
});

// Alerts with every tab closed: the browser wakes the worker with the tag
// the app registered (src/app/background.rs), and the same Rust as the
// page's check runs here within one wake-up's budget. Its module comes from
// the precache, installed with the glue above: never a later deploy's from
// the network, and no network needed.
self.addEventListener("periodicsync", (event) => {
  if (event.tag === names.syncTag) {
    const woken = Date.now();
    event.waitUntil(
      precaching
        .matchPrecache("background_bg.wasm")
        .then((module) => wasm_bindgen({ module_or_path: module || "background_bg.wasm" }))
        .then(() => wasm_bindgen.check_in_background(woken)),
    );
  }
});

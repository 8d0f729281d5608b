// Draws a page of artist cards in one call from the WebAssembly (see
// artist_cards.rs for why), from the page's one card template
// (`<template id="artist-card">` in index.html). Names and descriptions go
// in as text (textContent, attribute values), never as HTML.

let card;
let picture;
let placeholder;
let about;

// The template holds every part a card may have; each card is a copy of the
// parts it has, so none is made only to be removed.
function parts() {
  if (card) return;
  card = document.getElementById("artist-card").content.firstElementChild.cloneNode(true);
  const link = card.querySelector(".card");
  picture = link.querySelector("img");
  placeholder = link.querySelector(".placeholder");
  about = link.querySelector(".meta");
  picture.remove();
  placeholder.remove();
  about.remove();
}

// `cards`: a JSON list of {id, name, link, picture, about, timed, source,
// saves, from, remove}; link, picture, about, saves, from and remove may be
// null.
// `remove` ({text, label}) is a button beside the link, for an artist added
// here. The page's children are replaced.
export function fillArtistPage(page, cards, picturePx) {
  parts();
  const fragment = document.createDocumentFragment();
  for (const artist of JSON.parse(cards)) {
    const node = card.cloneNode(true);
    node.setAttribute("data-artist-id", artist.id);
    node.setAttribute("data-source", artist.source);
    if (artist.saves != null) node.setAttribute("data-saves", artist.saves);
    const link = node.firstChild;
    if (artist.link) {
      link.setAttribute("href", artist.link);
      link.setAttribute("target", "_blank");
      link.setAttribute("rel", "noopener noreferrer");
    }
    let image;
    if (artist.picture) {
      // Lazy (in the template) before its source is set, or the browser
      // fetches it at once.
      image = picture.cloneNode(false);
      image.setAttribute("width", picturePx);
      image.setAttribute("height", picturePx);
      image.setAttribute("alt", artist.name);
      image.setAttribute("src", artist.picture);
    } else {
      image = placeholder.cloneNode(false);
    }
    const label = link.firstChild;
    link.insertBefore(image, label);
    label.textContent = artist.name;
    if (artist.timed) label.setAttribute("elementtiming", "first-artist");
    if (artist.about) {
      const more = link.appendChild(about.cloneNode(false));
      more.textContent = artist.about;
    }
    if (artist.from) {
      const from = link.appendChild(about.cloneNode(false));
      from.className = "meta from";
      from.textContent = artist.from;
    }
    if (artist.remove) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link remove";
      button.setAttribute("data-testid", "remove-artist");
      button.setAttribute("aria-label", artist.remove.label);
      button.textContent = artist.remove.text;
      node.appendChild(button);
    }
    fragment.appendChild(node);
  }
  page.replaceChildren(fragment);
}

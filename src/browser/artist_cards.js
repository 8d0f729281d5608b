// Draws a page of artist cards in one call from the WebAssembly (see
// artist_cards.rs for why), from the page's one card template
// (`<template id="artist-card">` in index.html). Names and descriptions go
// in as text (textContent, attribute values), never as HTML.

let template;

// `cards`: a JSON list of {id, name, link, picture, about, timed}; link,
// picture and about may be null. The page's children are replaced.
export function fillArtistPage(page, cards, picturePx) {
  template ??= document.getElementById("artist-card").content;
  const fragment = document.createDocumentFragment();
  for (const { id, name, link, picture, about, timed } of JSON.parse(cards)) {
    const node = template.firstElementChild.cloneNode(true);
    node.setAttribute("data-artist-id", id);
    const card = node.querySelector(".card");
    if (link) {
      card.setAttribute("href", link);
      card.setAttribute("target", "_blank");
      card.setAttribute("rel", "noopener noreferrer");
    }
    const image = card.querySelector("img");
    if (picture) {
      image.setAttribute("width", picturePx);
      image.setAttribute("height", picturePx);
      image.setAttribute("alt", name);
      // Lazy (set in the template) before its source is set, or the
      // browser fetches it at once.
      image.setAttribute("src", picture);
      card.querySelector(".placeholder").remove();
    } else {
      image.remove();
    }
    const label = card.querySelector(".name");
    label.textContent = name;
    if (timed) label.setAttribute("elementtiming", "first-artist");
    const more = card.querySelector(".meta");
    if (about) more.textContent = about;
    else more.remove();
    fragment.appendChild(node);
  }
  page.replaceChildren(fragment);
}

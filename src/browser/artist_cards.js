// Draws a page of artist cards in one call from the WebAssembly (see
// artist_cards.rs for why). Names and descriptions go in as text
// (textContent, attribute values), never as HTML.

const FIELD = "\u001f";
const CARD = "\u001e";

let card;
let picture;
let placeholder;

function templates() {
  if (card) return;
  card = document.createElement("div");
  card.className = "artist";
  card.setAttribute("role", "listitem");
  card.setAttribute("data-testid", "artist");
  const link = card.appendChild(document.createElement("a"));
  link.className = "card";
  const name = link.appendChild(document.createElement("span"));
  name.className = "name";
  name.setAttribute("dir", "auto");
  // Lazy before its source is set, or the browser fetches it at once.
  picture = document.createElement("img");
  picture.setAttribute("loading", "lazy");
  picture.setAttribute("decoding", "async");
  picture.setAttribute("width", "160");
  picture.setAttribute("height", "160");
  placeholder = document.createElement("span");
  placeholder.className = "placeholder";
  placeholder.setAttribute("aria-hidden", "true");
}

// `cards`: per card, its id, name, Spotify link, picture, description and
// "1" when its paint is timed, each possibly empty; fields apart by U+001F,
// cards by U+001E. The page's children are replaced.
export function fillArtistPage(page, cards) {
  templates();
  const fragment = document.createDocumentFragment();
  for (const fields of cards ? cards.split(CARD) : []) {
    const [id, name, url, src, meta, timed] = fields.split(FIELD);
    const node = card.cloneNode(true);
    node.setAttribute("data-artist-id", id);
    const link = node.firstChild;
    if (url) {
      link.setAttribute("href", url);
      link.setAttribute("target", "_blank");
      link.setAttribute("rel", "noopener noreferrer");
    }
    let image;
    if (src) {
      image = picture.cloneNode(false);
      image.setAttribute("alt", name);
      image.setAttribute("src", src);
    } else {
      image = placeholder.cloneNode(false);
    }
    const label = link.firstChild;
    link.insertBefore(image, label);
    label.textContent = name;
    if (timed) label.setAttribute("elementtiming", "first-artist");
    if (meta) {
      const more = link.appendChild(document.createElement("span"));
      more.className = "meta";
      more.textContent = meta;
    }
    fragment.appendChild(node);
  }
  page.replaceChildren(fragment);
}

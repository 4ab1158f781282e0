/* The video facade on education items: the page shows the staff's thumbnail and a button, and
   nothing is asked of YouTube until the button is pressed; then the privacy-enhanced player
   (youtube-nocookie.com, allowed by the item pages' frame-src) takes the thumbnail's place.
   Without JavaScript the button stays hidden and the link under the video opens it on YouTube
   in a new tab. */
(function () {
  "use strict";

  document.querySelectorAll("[data-video-facade]").forEach(function (facade) {
    var frame = facade.querySelector("[data-video-frame]");
    var button = facade.querySelector("[data-video-play]");
    var embedUrl = facade.getAttribute("data-embed-url");
    if (!frame || !button || !embedUrl) return;

    button.hidden = false;
    button.addEventListener(
      "click",
      function () {
        var player = document.createElement("iframe");
        player.className = "edu-video__iframe";
        player.src = embedUrl;
        player.title = facade.getAttribute("data-player-title") || "";
        player.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
        player.allowFullscreen = true;
        // The site sends no referrer to other origins; YouTube's player refuses to start
        // without one, so this frame alone sends the site's origin (never the page's path).
        player.referrerPolicy = "strict-origin-when-cross-origin";
        frame.replaceChildren(player);
        player.focus();
      },
      { once: true }
    );
  });
})();

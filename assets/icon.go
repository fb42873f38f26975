package assets

import _ "embed" // for the go:embed directive below

// Icon is the app's icon: a 512×512 PNG rendered from icon.svg, the same
// file FyneApp.toml gives the packager. Wrap it for Fyne with
// fyne.NewStaticResource("icon.png", assets.Icon).
//
// Regenerate it after editing the SVG with
// `rsvg-convert -w 512 -h 512 assets/icon.svg -o assets/icon.png`.
//
//go:embed icon.png
var Icon []byte

//! Every palette readable on its background: each style's colours, as xterm's default
//! palette draws them, reach a contrast of at least 3:1 (WCAG's floor for large text and UI)
//! against what is behind them; and mono uses no colour at all.

use super::*;
use ratatui::style::Color;

/// xterm's default 16 colours, the common reference for what the ANSI names look like.
fn rgb(color: Color) -> (u8, u8, u8) {
    match color {
        Color::Black => (0, 0, 0),
        Color::Red => (0xcd, 0, 0),
        Color::Green => (0, 0xcd, 0),
        Color::Yellow => (0xcd, 0xcd, 0),
        Color::Blue => (0, 0, 0xee),
        Color::Magenta => (0xcd, 0, 0xcd),
        Color::Cyan => (0, 0xcd, 0xcd),
        Color::Gray => (0xe5, 0xe5, 0xe5),
        Color::DarkGray => (0x7f, 0x7f, 0x7f),
        Color::LightRed => (0xff, 0, 0),
        Color::LightGreen => (0, 0xff, 0),
        Color::LightYellow => (0xff, 0xff, 0),
        Color::LightBlue => (0x5c, 0x5c, 0xff),
        Color::LightMagenta => (0xff, 0, 0xff),
        Color::LightCyan => (0, 0xff, 0xff),
        Color::White => (0xff, 0xff, 0xff),
        other => panic!("the themes keep to the 16 named colours: {other:?}"),
    }
}

fn luminance(color: Color) -> f64 {
    let (r, g, b) = rgb(color);
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: Color, b: Color) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Every style the screen draws with, named.
fn styles(theme: Theme) -> Vec<(String, TermStyle)> {
    let roles = [
        Role::Text,
        Role::Heading(1),
        Role::Heading(2),
        Role::Heading(3),
        Role::HeadingRule(1),
        Role::Code,
        Role::CodeBlock,
        Role::QuoteBar,
        Role::Marker,
        Role::LinkRef(1),
        Role::AutoLink(1),
        Role::NoteRef(1),
        Role::Rule,
        Role::TableRule,
        Role::Html,
        Role::Meta,
    ];
    let mut out: Vec<(String, TermStyle)> =
        roles.iter().map(|&r| (format!("{r:?}"), theme.text(Style::role(r)))).collect();
    out.extend([
        ("current match".to_string(), theme.matched(true)),
        ("other match".to_string(), theme.matched(false)),
        ("selected row".to_string(), theme.selected()),
        ("selection".to_string(), theme.selection()),
        ("highlight".to_string(), theme.highlight()),
        ("note mark".to_string(), theme.note_mark()),
        ("current outline entry".to_string(), theme.current()),
        ("status line".to_string(), theme.dim()),
        ("warning".to_string(), theme.warning()),
        ("notice".to_string(), theme.notice()),
    ]);
    out
}

#[test]
fn every_style_is_readable_on_its_background() {
    for (theme, fg, bg) in
        [(Theme::DARK, Color::Gray, Color::Black), (Theme::LIGHT, Color::Black, Color::White)]
    {
        for (name, style) in styles(theme) {
            let (mut front, mut back) = (style.fg.unwrap_or(fg), style.bg.unwrap_or(bg));
            if style.add_modifier.contains(Modifier::REVERSED) {
                std::mem::swap(&mut front, &mut back);
            }
            let ratio = contrast(front, back);
            assert!(ratio >= 3.0, "{:?} {name}: {front:?} on {back:?} is {ratio:.1}:1", theme.palette);
        }
    }
}

#[test]
fn mono_has_no_colour_and_still_tells_things_apart() {
    for (name, style) in styles(Theme::MONO) {
        assert_eq!((style.fg, style.bg), (None, None), "{name}");
    }
    let marked = [
        Theme::MONO.matched(true),
        Theme::MONO.matched(false),
        Theme::MONO.selection(),
        Theme::MONO.highlight(),
        Theme::MONO.current(),
    ];
    for style in marked {
        assert!(!style.add_modifier.is_empty(), "{style:?}");
    }
    assert_ne!(Theme::MONO.matched(false), Theme::MONO.highlight());
}

#[test]
fn highlights_selection_and_matches_look_different_in_each_palette() {
    for theme in [Theme::DARK, Theme::LIGHT, Theme::MONO] {
        let looks = [theme.matched(true), theme.matched(false), theme.selection(), theme.highlight()];
        for (i, a) in looks.iter().enumerate() {
            for b in &looks[i + 1..] {
                assert_ne!(a, b, "{:?}", theme.palette);
            }
        }
    }
}

#[test]
fn auto_follows_the_background_and_falls_back_to_dark() {
    // (NO_COLOR is not set in tests: the scrubbed environments set it only where they mean to.)
    if no_color() {
        return;
    }
    assert_eq!(Theme::pick(ThemeName::Auto, Some(true)), Theme::LIGHT);
    assert_eq!(Theme::pick(ThemeName::Auto, Some(false)), Theme::DARK);
    assert_eq!(Theme::pick(ThemeName::Auto, None), Theme::DARK);
    assert_eq!(Theme::pick(ThemeName::Mono, Some(true)), Theme::MONO);
}

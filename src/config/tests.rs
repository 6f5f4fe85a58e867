//! config.toml as a user writes it, good and bad: each problem is one line naming the file
//! and line, and every other setting still applies.

use super::*;
use crate::app::keymap::{Action, Context, Key, Keymap};

fn parse(text: &str) -> Config {
    Config::parse(text, Path::new("/cfg/config.toml"), Some(Path::new("/home/u")))
}

fn one_warning(config: &Config, line: usize, words: &str) {
    assert_eq!(config.warnings.len(), 1, "{:?}", config.warnings);
    let w = &config.warnings[0];
    assert!(w.starts_with(&format!("/cfg/config.toml:{line}: ")), "{w}");
    assert!(w.contains(words), "{w}");
    assert!(!w.contains('\n'), "{w}");
}

#[test]
fn every_setting_is_read() {
    let config = parse(
        "dirs = [\"notes\", \"~/papers\", \"/abs\"]\nwidth = 64\ntheme = \"light\"\noutline = false\n\
         sync_dir = \"~/Sync/er\"\ndevice = \"laptop\"\n[keys]\nnext_heading = [\"]\", \"n\"]\nquit = \"ctrl-q\"\n",
    );
    assert!(config.warnings.is_empty(), "{:?}", config.warnings);
    assert_eq!(
        config.dirs,
        vec![PathBuf::from("/cfg/notes"), PathBuf::from("/home/u/papers"), PathBuf::from("/abs")]
    );
    assert_eq!(config.width, Some(64));
    assert_eq!(config.theme, ThemeName::Light);
    assert_eq!(config.outline, Some(false));
    assert_eq!(config.sync_dir, Some(PathBuf::from("/home/u/Sync/er")));
    assert_eq!(config.device.as_deref(), Some("laptop"));
    let keys = Keymap::with(&config.keys);
    assert_eq!(keys.lookup(Context::Reader, Key::Char('n')), Some(Action::NextHeading));
    assert_eq!(keys.lookup(Context::Reader, Key::Char(']')), Some(Action::NextHeading));
    assert_eq!(keys.lookup(Context::Reader, Key::Ctrl('q')), Some(Action::Quit));
    assert_eq!(keys.lookup(Context::Search, Key::Ctrl('q')), Some(Action::Quit));
}

#[test]
fn a_relative_sync_dir_is_in_the_config_folder() {
    let config = parse("sync_dir = \"shared\"\n");
    assert_eq!(config.sync_dir, Some(PathBuf::from("/cfg/shared")));
}

#[test]
fn an_empty_file_is_the_defaults() {
    assert_eq!(parse(""), Config::default());
    assert_eq!(parse("# nothing\n\n"), Config::default());
}

#[test]
fn a_syntax_error_names_its_line_and_the_rest_applies() {
    let config = parse("dirs = [\"notes\"]\nwidth = = 3\ntheme = \"mono\"\n");
    one_warning(&config, 2, "");
    assert_eq!(config.dirs, vec![PathBuf::from("/cfg/notes")]);
    assert_eq!(config.theme, ThemeName::Mono);
}

#[test]
fn a_wrong_type_names_the_setting_and_the_value() {
    let config = parse("theme = \"dark\"\n\nwidth = \"wide\"\n");
    one_warning(&config, 3, "`width` should be a width in cells from 20 to 200, not \"wide\"");
    assert_eq!(config.theme, ThemeName::Dark);
    assert_eq!(config.width, None);
}

#[test]
fn a_width_out_of_range_is_kept_in_range() {
    let config = parse("width = 1000\n");
    one_warning(&config, 1, "200 is used");
    assert_eq!(config.width, Some(200));
}

#[test]
fn an_unknown_theme_lists_the_themes() {
    let config = parse("theme = \"solarized\"\n");
    one_warning(&config, 1, "\"auto\", \"dark\", \"light\" or \"mono\"");
    assert_eq!(config.theme, ThemeName::Auto);
}

#[test]
fn an_unknown_setting_lists_the_settings() {
    let config = parse("width = 60\ncolour = \"red\"\n");
    one_warning(&config, 2, "unknown setting `colour`");
    assert_eq!(config.width, Some(60));
}

#[test]
fn outline_reads_true_false_shown_hidden() {
    assert_eq!(parse("outline = true").outline, Some(true));
    assert_eq!(parse("outline = \"hidden\"").outline, Some(false));
    one_warning(&parse("outline = 3"), 1, "`outline` should be true (shown) or false (hidden)");
}

#[test]
fn a_device_is_a_name_not_a_path() {
    one_warning(&parse("device = \"../x\"\n"), 1, "`device`");
    one_warning(&parse("device = \"\"\n"), 1, "`device`");
    assert_eq!(parse("device = \" desk \"").device.as_deref(), Some("desk"));
}

#[test]
fn wrong_dirs_entries_are_one_warning_and_good_ones_stay() {
    let config = parse("dirs = [\"a\", 3, \"\", \"b\"]\n");
    one_warning(&config, 1, "`dirs` should be a list of folder names, not 3");
    assert_eq!(config.dirs, vec![PathBuf::from("/cfg/a"), PathBuf::from("/cfg/b")]);
}

#[test]
fn a_key_name_that_does_not_exist() {
    let config = parse("[keys]\nnext_heading = [\"n\", \"hyper-n\"]\n");
    one_warning(&config, 2, "\"hyper-n\" is not a key");
    let keys = Keymap::with(&config.keys);
    assert_eq!(keys.lookup(Context::Reader, Key::Char('n')), Some(Action::NextHeading));
}

#[test]
fn a_line_of_only_wrong_keys_keeps_the_default_keys() {
    let config = parse("[keys]\nnext_heading = \"hyper-n\"\n");
    assert_eq!(config.warnings.len(), 1);
    let keys = Keymap::with(&config.keys);
    assert_eq!(keys.lookup(Context::Reader, Key::Char(']')), Some(Action::NextHeading));
}

#[test]
fn an_unknown_action_names_the_table() {
    let config = parse("[keys]\nfly = \"x\"\n\n[keys.library]\nnext_heading = \"n\"\n");
    assert_eq!(config.warnings.len(), 2, "{:?}", config.warnings);
    assert!(config.warnings[0].contains(":2: no action `fly` in [keys]"), "{}", config.warnings[0]);
    assert!(config.warnings[1].contains(":5: no action `next_heading` in [keys.library]"));
}

#[test]
fn a_key_bound_twice_keeps_the_first() {
    let config = parse("[keys]\nnext_heading = \"x\"\nprev_heading = \"x\"\n");
    one_warning(&config, 3, "x is bound twice in [keys], to `next_heading` and `prev_heading`");
    let keys = Keymap::with(&config.keys);
    assert_eq!(keys.lookup(Context::Reader, Key::Char('x')), Some(Action::NextHeading));
}

#[test]
fn a_character_is_never_taken_from_a_prompt() {
    let config = parse("quit = \"q\"\n[keys]\nquit = \"q\"\n[keys.search_prompt]\naccept = \"k\"\n");
    // `quit` at the top level is an unknown setting; in [keys] and [keys.search_prompt] a character
    // would stop being typed.
    assert_eq!(config.warnings.len(), 3, "{:?}", config.warnings);
    assert!(config.warnings[1].contains("`quit` cannot be q"), "{}", config.warnings[1]);
    assert!(config.warnings[2].contains("`accept` cannot be k"), "{}", config.warnings[2]);
}

#[test]
fn an_unknown_key_table_lists_the_tables() {
    let config = parse("[keys.pager]\nclose = \"x\"\n");
    one_warning(&config, 1, "unknown table [keys.pager]");
}

#[test]
fn control_characters_in_the_file_never_reach_the_warning() {
    let config = parse("theme = \"\u{1b}[2Jdark\"\n");
    assert_eq!(config.warnings.len(), 1);
    assert!(!config.warnings[0].contains('\u{1b}'), "{:?}", config.warnings[0]);
}

#[test]
fn the_example_reads_back_without_a_warning_and_changes_nothing() {
    let config = parse(&example());
    assert!(config.warnings.is_empty(), "{:?}", config.warnings);
    assert_eq!(config.width, Some(crate::app::DEFAULT_COLUMN));
    assert_eq!(config.outline, Some(true));
    assert_eq!(config.theme, ThemeName::Auto);
    assert_eq!(Keymap::with(&config.keys), Keymap::default());
}

#[test]
fn the_example_names_every_action_of_the_table() {
    let text = example();
    for b in crate::app::keymap::KEYMAP.iter().filter(|b| b.action != Action::FollowLabel) {
        assert!(text.contains(&format!("\n{} = ", b.action.name())), "{:?}", b.action);
    }
}

#[test]
fn the_status_line_names_the_file_without_its_folder() {
    let config = parse("width = \"x\"\ntheme = 3\n");
    let line = status_line(Path::new("/cfg/config.toml"), &config.warnings).expect("a line");
    assert!(line.starts_with("config.toml:1: `width`"), "{line}");
    assert!(line.ends_with("(and 1 more: essayreader config)"), "{line}");
    assert_eq!(status_line(Path::new("/cfg/config.toml"), &[]), None);
}

#[test]
fn a_key_listed_twice_for_one_action_is_no_clash() {
    // Once said "Ctrl-q is bound twice in [keys], to `quit` and `quit`".
    let config = parse("[keys]\nquit = [\"ctrl-q\", \"ctrl-q\"]\n");
    assert!(config.warnings.is_empty(), "{:?}", config.warnings);
    let keys = Keymap::with(&config.keys);
    assert_eq!(keys.lookup(Context::Reader, Key::Ctrl('q')), Some(Action::Quit));
}

#[test]
fn a_file_not_in_utf8_still_applies_its_settings_and_names_the_line() {
    // A comment saved in Latin-1 by an editor once dropped every setting of the file.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join(FILE_NAME), b"# R\xe9glages\nwidth = 50\ntheme = \"light\"\n")
        .expect("write");
    let config = Config::load(dir.path(), None);
    assert_eq!(config.width, Some(50));
    assert_eq!(config.theme, ThemeName::Light);
    assert_eq!(config.warnings.len(), 1, "{:?}", config.warnings);
    let w = &config.warnings[0];
    let file = dir.path().join(FILE_NAME);
    assert!(w.starts_with(&format!("{}:1: ", file.display())) && w.contains("UTF-8"), "{w}");
}

#[test]
fn no_file_is_the_defaults_quietly_and_a_link_to_nothing_is_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(Config::load(dir.path(), None), Config::default());
    let target = dir.path().join("dotfiles/essayreader.toml");
    std::os::unix::fs::symlink(&target, dir.path().join(FILE_NAME)).expect("link");
    let config = Config::load(dir.path(), None);
    assert_eq!(config.warnings.len(), 1, "{:?}", config.warnings);
    let warning = &config.warnings[0];
    assert!(warning.contains("dotfiles/essayreader.toml") && warning.contains("does not exist"), "{warning}");
    assert_eq!(Config { warnings: Vec::new(), ..config }, Config::default(), "the defaults otherwise");
    // Once the file is there, it is read through the link.
    std::fs::create_dir_all(target.parent().expect("folder")).expect("folder");
    std::fs::write(&target, "width = 60\n").expect("write");
    assert_eq!(Config::load(dir.path(), None).width, Some(60));
}

//! Folders that come and go under a running library, seen on the real screen.

mod common;

use std::fs;

use common::{Term, essayreader_bin};

#[test]
fn the_library_follows_its_folder_deleted_made_again_and_a_config_folder_made_later() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let config = tmp.path().join("config");
    let essays = tmp.path().join("essays");
    let later = tmp.path().join("later").join("shelf");
    fs::create_dir_all(&essays).expect("mkdir");
    fs::create_dir_all(&config).expect("mkdir");
    fs::write(essays.join("one.md"), "# Essay number one\n\nText.\n").expect("write");
    let dirs = format!("dirs = [{:?}]\n", later.to_str().expect("utf-8 path"));
    fs::write(config.join("config.toml"), dirs).expect("config");

    let env = [
        ("ESSAYREADER_CONFIG_DIR", config.to_str().expect("utf-8")),
        ("ESSAYREADER_ESSAYS_DIR", essays.to_str().expect("utf-8")),
    ];
    let mut term = Term::spawn(essayreader_bin(), &[], &env, 100, 24);
    term.wait_for("Essay number one");

    fs::remove_dir_all(&essays).expect("delete the essays folder");
    term.wait_until(|s| !s.contains("Essay number one"), "the deleted essay leaves the list");
    fs::create_dir_all(&essays).expect("make it again");
    fs::write(essays.join("two.md"), "# Essay number two\n\nText.\n").expect("write");
    term.wait_for("Essay number two");

    // A folder named in config.toml that did not exist at start.
    fs::create_dir_all(&later).expect("mkdir later");
    fs::write(later.join("three.md"), "# Essay number three\n\nText.\n").expect("write");
    term.wait_for("Essay number three");

    term.send("q");
    assert!(term.wait_exit().success());
    term.assert_restored();
}

//! Handing a web or mail address to the system's browser: `$BROWSER` (the first of its
//! `:`-separated commands; `%s` stands for the address, else it is the last argument), else
//! the platform's opener. The browser is started detached, with nothing of the terminal
//! (its input and output go nowhere, so it never writes over the reader), and never waited
//! for; a thread reaps it when it ends.

use std::io;
use std::process::{Command, Stdio};

use crate::app::links::WEB_SCHEMES;

/// Opens `url` in the browser, if it is an `http`, `https` or `mailto` address.
pub fn open(url: &str) -> io::Result<()> {
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase()).unwrap_or_default();
    // The app only sends these; checked again so no other scheme can ever reach the system.
    if !WEB_SCHEMES.contains(&scheme.as_str()) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a web or mail address"));
    }
    let mut command = command(url, std::env::var("BROWSER").ok().as_deref())?;
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    #[cfg(unix)]
    {
        // Its own process group: a key the terminal turns into a signal never reaches it.
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let mut child = command.spawn()?;
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// The command that opens `url`, from `browser` (the `BROWSER` variable) or the platform.
fn command(url: &str, browser: Option<&str>) -> io::Result<Command> {
    let chosen = browser.and_then(|b| b.split(':').map(str::trim).find(|c| !c.is_empty()));
    if let Some(line) = chosen {
        let mut words = line.split_whitespace();
        let program = words.next().unwrap_or(line);
        let mut command = Command::new(program);
        let mut placed = false;
        for word in words {
            if word.contains("%s") {
                command.arg(word.replace("%s", url));
                placed = true;
            } else {
                command.arg(word);
            }
        }
        if !placed {
            command.arg(url);
        }
        return Ok(command);
    }
    if cfg!(target_os = "macos") {
        let mut command = Command::new("open");
        command.arg(url);
        Ok(command)
    } else if cfg!(windows) {
        // Not `cmd /c start`, which would read `&` in the address as a command separator.
        let mut command = Command::new("rundll32");
        command.arg("url.dll,FileProtocolHandler").arg(url);
        Ok(command)
    } else {
        let mut command = Command::new("xdg-open");
        command.arg(url);
        Ok(command)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(c: &Command) -> Vec<String> {
        std::iter::once(c.get_program())
            .chain(c.get_args())
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn browser_variable_gets_the_address_as_one_argument() {
        let c = command("https://x.org/a b", Some("firefox --new-tab")).expect("command");
        assert_eq!(args(&c), ["firefox", "--new-tab", "https://x.org/a b"]);
        let c = command("https://x.org", Some("w3m %s:lynx")).expect("command");
        assert_eq!(args(&c), ["w3m", "https://x.org"]);
    }

    #[test]
    fn other_schemes_never_reach_the_system() {
        for url in ["file:///etc/passwd", "javascript:alert(1)", "/bin/sh"] {
            assert!(open(url).is_err(), "{url}");
        }
    }
}

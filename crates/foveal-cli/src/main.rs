//! `foveal`: the command-line front end. Its flags follow libvmaf's `vmaf` tool, so scripts that
//! call `vmaf` keep working when the binary name is swapped.

use std::process::ExitCode;

mod args;
mod cambi_cmd;
mod run;

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if argv.get(1).is_some_and(|a| a == "cambi") {
        let args = match cambi_cmd::parse(argv.iter().skip(1)) {
            Ok(a) => a,
            Err(e) => {
                let code = if e.use_stderr() { 2 } else { 0 };
                let _ = e.print();
                return ExitCode::from(code);
            }
        };
        return match cambi_cmd::run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("foveal: error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let args = match args::parse(argv) {
        Ok(a) => a,
        Err(e) => {
            // clap renders --help and --version through this path too.
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run::run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("foveal: error: {e}");
            ExitCode::FAILURE
        }
    }
}

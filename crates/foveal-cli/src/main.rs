//! `foveal`: the command-line front end. Its flags follow libvmaf's `vmaf` tool, so scripts that
//! call `vmaf` keep working when the binary name is swapped.

use std::process::ExitCode;

mod args;
mod run;

fn main() -> ExitCode {
    let args = match args::parse(std::env::args_os()) {
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

//! The `ciblage` command line: parse arguments, call the library, map errors to exit codes
//! (0 ok, 1 data or analysis error, 2 usage error).

mod cli;

fn main() {
    let code = match cli::run() {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}

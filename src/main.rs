//! The `ciblage` command line: parse arguments, call the library, map errors to exit codes
//! (0 ok, 1 data or analysis error, 2 usage error).

/// mimalloc rather than the system allocator: a run over a million schools allocates and frees
/// hundreds of megabytes in big blocks, which glibc hands back to the kernel and then faults in again;
/// mimalloc reuses them.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let code = match ciblage::cli::run() {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}

//! Embeds the trained models from `models/` when they exist, so that the binary needs no setup.
//! Without them the crate still builds; loading then reports the missing file and the command
//! that trains it.

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    let mut code = String::new();
    for (name, file) in [("TAGGER", "tagger.bin"), ("PARSER", "parser.bin")] {
        let path = root.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        if path.exists() {
            let abs = path.canonicalize().expect("model path");
            code.push_str(&format!(
                "pub const {name}: Option<&[u8]> = Some(include_bytes!({:?}));\n",
                abs.display().to_string()
            ));
        } else {
            code.push_str(&format!("pub const {name}: Option<&[u8]> = None;\n"));
        }
    }
    println!("cargo:rerun-if-changed={}", root.display());
    std::fs::write(Path::new(&out).join("models.rs"), code).expect("write models.rs");
}

//! The built-in rule pack is embedded with `include_dir!`; this makes
//! cargo rebuild when a rule file changes.
fn main() {
    println!("cargo:rerun-if-changed=rules");
}

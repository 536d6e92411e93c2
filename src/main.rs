fn main() {
    println!("reportpack");
}

fn main() {
    encore::start();
}

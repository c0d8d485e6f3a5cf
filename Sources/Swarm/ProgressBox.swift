/// Carries the progress closure through the shim's `void *context`.
final class ProgressBox {
    let progress: ((Int, Int) -> Void)?
    init(_ progress: ((Int, Int) -> Void)?) { self.progress = progress }
    func report(_ done: Int, _ total: Int) { progress?(done, total) }
}

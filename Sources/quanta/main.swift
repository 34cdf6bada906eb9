import Foundation
import QuantaCLI

let code = CLI.main(Array(CommandLine.arguments.dropFirst()))
CLI.finish(code)
exit(code)

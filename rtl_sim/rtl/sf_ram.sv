// sf_ram: single-clock memory with one write port and one synchronous read port (an SRAM macro).
// The read data register belongs to the macro: it holds its value while `re` is low and, like the
// array, is not reset (the core never uses read data it did not ask for).
module sf_ram #(
  parameter int AW = 10,  // address bits: depth = 2^AW words
  parameter int DW = 16   // word width, bits
) (
  input  logic          clk,
  input  logic          we,
  input  logic [AW-1:0] waddr,
  input  logic [DW-1:0] wdata,
  input  logic          re,
  input  logic [AW-1:0] raddr,
  output logic [DW-1:0] rdata
);
  logic [DW-1:0] mem [0:(1<<AW)-1];

  always_ff @(posedge clk) begin
    if (we) mem[waddr] <= wdata;
    if (re) rdata <= mem[raddr];
  end
endmodule
